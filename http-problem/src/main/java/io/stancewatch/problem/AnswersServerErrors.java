package io.stancewatch.problem;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Documents, on a controller, the answer {@link ProblemErrorResponseProcessor} gives every one of
 * its operations when something fails inside the service: a 500 problem whose detail is a fixed
 * sentence, so a client generated from the document reads it as a problem too.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ApiResponse(responseCode = "500", description = "A failure inside the service; the detail tells nothing of it",
    content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
public @interface AnswersServerErrors {}
