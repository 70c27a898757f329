package io.stancewatch.query.api;

import io.stancewatch.problem.Problem;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The OpenAPI schema of this service's 400 answers, which always name the parameter that does
 * not read ({@code ProblemException.invalid}): a {@link Problem} whose {@code violations} is
 * present. Documentation only; the answer is a {@link Problem}.
 */
@Schema(name = "InvalidParameterProblem", allOf = Problem.class, requiredProperties = "violations",
    description = "A problem naming, in `violations`, each request parameter that does not read.")
interface InvalidParameterProblem {}
