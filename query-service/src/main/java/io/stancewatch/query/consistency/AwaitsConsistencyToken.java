package io.stancewatch.query.consistency;

import io.stancewatch.problem.Problem;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents, on a GET, what {@link ConsistencyTokenFilter} adds to it: the
 * {@code consistencyToken} parameter and the 504 when the views stay behind it. The filter
 * matches every route, so its parameter appears in no method's signature for the OpenAPI
 * document to find. (A malformed token is a 400, which each operation documents with its own.)
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
// Defined in src/main/openapi: the annotation processor gives a method-level parameter no schema.
@Parameter(name = ConsistencyTokenFilter.PARAMETER, in = ParameterIn.QUERY,
    ref = "#/components/parameters/" + ConsistencyTokenFilter.PARAMETER)
@ApiResponse(responseCode = "504", description = "The views did not include the `consistencyToken`'s write in time",
    content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
public @interface AwaitsConsistencyToken {}
