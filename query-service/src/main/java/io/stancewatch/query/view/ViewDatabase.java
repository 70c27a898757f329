package io.stancewatch.query.view;

import io.micronaut.context.annotation.Property;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded RocksDB that keeps what grows without bound out of the heap: pair histories
 * ({@link HistoryStore}) and the change log ({@link ChangeLogView}), each in column families
 * of its own. It is a cache of the stance topics: wiped and opened empty at every start, and
 * written without a write-ahead log.
 *
 * <p>One thread writes (the reader, a {@link Batch} per poll); any thread reads, each read in a
 * {@link Read} that keeps the database open until it is closed.
 */
@Singleton
public class ViewDatabase implements AutoCloseable {

  static {
    RocksDB.loadLibrary();
  }

  private static final Logger LOG = LoggerFactory.getLogger(ViewDatabase.class);
  /**
   * The memtables of all column families together: what one family may use at RocksDB's
   * defaults (two of 64 MB), so that more families mean more flushes, not more memory.
   */
  private static final long WRITE_BUFFERS = 128L << 20;

  private final Path directory;
  // Reads and writes share the lock; close takes it alone, so the database is never closed
  // under an open iterator (which RocksDB answers with a crash, not an exception).
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final List<ColumnFamilyHandle> families = Collections.synchronizedList(new ArrayList<>());
  private Options options;
  private ColumnFamilyOptions familyOptions;
  private WriteOptions writeOptions;
  private RocksDB db;
  private FileChannel instanceLock;

  public ViewDatabase(@Property(name = "stancewatch.view.state-dir") Path directory) {
    this.directory = directory;
  }

  /**
   * Wipes what an earlier run left and opens an empty database, in {@code rocksdb} under the
   * directory. The directory's {@code instance.lock} is held while it is open: a second
   * instance given the same directory stops here rather than wiping a live database.
   */
  @PostConstruct
  void open() {
    try {
      Files.createDirectories(directory);
      instanceLock = FileChannel.open(directory.resolve("instance.lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      if (lockOrNull(instanceLock) == null) {
        instanceLock.close();
        throw new IllegalStateException("The state directory " + directory.toAbsolutePath()
            + " is in use by another query-service: give each instance its own (STANCEWATCH_QUERY_STATE_DIR)");
      }
      Path store = directory.resolve("rocksdb");
      deleteRecursively(store);
      options = new Options().setCreateIfMissing(true).setDbWriteBufferSize(WRITE_BUFFERS);
      familyOptions = new ColumnFamilyOptions();
      writeOptions = new WriteOptions().setDisableWAL(true);
      db = RocksDB.open(options, store.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare the view database in " + directory, e);
    } catch (RocksDBException e) {
      throw new IllegalStateException("Cannot open the view database in " + directory, e);
    }
    LOG.info("View database opened in {}", directory.toAbsolutePath());
  }

  private static FileLock lockOrNull(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // held by this JVM: another application context
    }
  }

  /** Creates an empty column family (the database starts empty, so none exists yet); closed with the database. */
  ColumnFamilyHandle family(String name) {
    try {
      ColumnFamilyHandle family = db().createColumnFamily(
          new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), familyOptions));
      families.add(family);
      return family;
    } catch (RocksDBException e) {
      throw new IllegalStateException("Cannot create the column family " + name, e);
    }
  }

  /** Writes to apply together: the records of one poll. */
  final class Batch implements AutoCloseable {
    private final WriteBatch batch = new WriteBatch();

    void put(ColumnFamilyHandle family, byte[] key, byte[] value) {
      try {
        batch.put(family, key, value);
      } catch (RocksDBException e) {
        throw new IllegalStateException("Cannot batch a write", e);
      }
    }

    void delete(ColumnFamilyHandle family, byte[] key) {
      try {
        batch.delete(family, key);
      } catch (RocksDBException e) {
        throw new IllegalStateException("Cannot batch a delete", e);
      }
    }

    /** Applies every write batched so far at once, and empties the batch for more. */
    void write() {
      if (batch.count() == 0) {
        return;
      }
      Lock read = lock.readLock();
      read.lock();
      try {
        db().write(writeOptions, batch);
      } catch (RocksDBException e) {
        throw new IllegalStateException("Cannot write to the view database", e);
      } finally {
        read.unlock();
      }
      batch.clear();
    }

    @Override
    public void close() {
      batch.close();
    }
  }

  Batch batch() {
    return new Batch();
  }

  /** A read: keeps the database open, and closes its iterators, until it is closed. */
  final class Read implements AutoCloseable {
    private final Lock held;
    private final List<RocksIterator> iterators = new ArrayList<>();

    private Read(Lock held) {
      this.held = held;
    }

    byte[] get(ColumnFamilyHandle family, byte[] key) {
      try {
        return db().get(family, key);
      } catch (RocksDBException e) {
        throw new IllegalStateException("Cannot read the view database", e);
      }
    }

    /** The values of {@code keys}, in their order; null for a key that is absent. */
    List<byte[]> getAll(ColumnFamilyHandle family, List<byte[]> keys) {
      if (keys.isEmpty()) {
        return List.of();
      }
      try {
        return db().multiGetAsList(Collections.nCopies(keys.size(), family), keys);
      } catch (RocksDBException e) {
        throw new IllegalStateException("Cannot read the view database", e);
      }
    }

    RocksIterator iterator(ColumnFamilyHandle family) {
      RocksIterator iterator = db().newIterator(family);
      iterators.add(iterator);
      return iterator;
    }

    @Override
    public void close() {
      iterators.forEach(RocksIterator::close);
      held.unlock();
    }
  }

  Read read() {
    Lock read = lock.readLock();
    read.lock();
    try {
      db();
    } catch (RuntimeException e) {
      read.unlock();
      throw e;
    }
    return new Read(read);
  }

  /** An iterator that stops on an error says so only through its status. */
  static void failIfBroken(RocksIterator iterator) {
    try {
      iterator.status();
    } catch (RocksDBException e) {
      throw new IllegalStateException("Cannot read the view database", e);
    }
  }

  static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  private RocksDB db() {
    if (db == null) {
      throw new IllegalStateException("The view database is closed");
    }
    return db;
  }

  @PreDestroy
  @Override
  public void close() {
    Lock write = lock.writeLock();
    try {
      if (!write.tryLock(5, TimeUnit.SECONDS)) {
        LOG.warn("A view read is still open; leaving the database to the process exit");
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    try {
      if (db != null) {
        families.forEach(ColumnFamilyHandle::close);
        families.clear();
        db.close();
        writeOptions.close();
        familyOptions.close();
        options.close();
        db = null;
      }
      if (instanceLock != null) {
        instanceLock.close(); // releases the lock
        instanceLock = null;
      }
    } catch (IOException e) {
      LOG.warn("Could not release the lock of {}", directory, e);
    } finally {
      write.unlock();
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
