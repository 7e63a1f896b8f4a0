package com.example.shop.web;

import com.example.shop.rules.DomainRuleViolation;
import com.example.shop.rules.OverloadedException;
import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.commandhandling.distributed.CommandBusConnectorCommunicationException;
import org.axonframework.common.AxonException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure into {@code application/problem+json}. Business rule violations keep their own
 * code; framework errors get a stable code; anything unexpected is a bare 500 without internals.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    /** About as long as the cluster takes to notice that a node has gone (ADR 0020). */
    private static final Duration NODE_UNAVAILABLE_RETRY_AFTER = Duration.ofSeconds(3);

    @ExceptionHandler(DomainRuleViolation.class)
    public ResponseEntity<Object> ruleViolated(DomainRuleViolation violation, WebRequest request) {
        HttpStatus status = switch (violation.category()) {
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case UNPROCESSABLE -> HttpStatus.UNPROCESSABLE_ENTITY;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
        };
        ProblemDetail problem =
                Problems.of(status, violation.code(), titleOf(violation.code()), violation.getMessage());
        violation.details().forEach(problem::setProperty);
        return problem(problem, request);
    }

    @ExceptionHandler(OverloadedException.class)
    public ResponseEntity<Object> overloaded(OverloadedException e, WebRequest request) {
        ResponseEntity<Object> answer = problem(Problems.overloaded(e.getMessage()), request);
        return ResponseEntity.status(answer.getStatusCode())
                .header(HttpHeaders.RETRY_AFTER, Problems.retryAfter(e.retryAfter()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(answer.getBody());
    }

    /**
     * The node that owns the command's aggregate left the cluster before it answered (a crash, a network split):
     * the command may or may not have been carried out. Sent again shortly, it reaches the aggregate's new owner,
     * which refuses what was done already (an order id placed twice, a claim granted twice).
     */
    @ExceptionHandler(CommandBusConnectorCommunicationException.class)
    public ResponseEntity<Object> nodeUnavailable(CommandBusConnectorCommunicationException e, WebRequest request) {
        LOG.warn("A command got no answer from the node that owns it: {}", e.getMessage());
        ProblemDetail problem = Problems.of(
                HttpStatus.SERVICE_UNAVAILABLE,
                "node-unavailable",
                "Node unavailable",
                "The node deciding this request left the cluster before it answered; whether it was carried out is"
                        + " unknown. Look the outcome up, or send the request again shortly");
        ResponseEntity<Object> answer = problem(problem, request);
        return ResponseEntity.status(answer.getStatusCode())
                .header(HttpHeaders.RETRY_AFTER, Problems.retryAfter(NODE_UNAVAILABLE_RETRY_AFTER))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(answer.getBody());
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    public ResponseEntity<Object> aggregateNotFound(AggregateNotFoundException e, WebRequest request) {
        return problem(
                Problems.of(
                        HttpStatus.NOT_FOUND,
                        "not-found",
                        "Not found",
                        "No such resource: " + e.getAggregateIdentifier()),
                request);
    }

    @ExceptionHandler({ConcurrencyException.class, EventStoreException.class})
    public ResponseEntity<Object> concurrentChange(AxonException e, WebRequest request) {
        LOG.info("Command lost a race: {}", e.getMessage());
        return problem(
                Problems.of(
                        HttpStatus.CONFLICT,
                        "concurrent-modification",
                        "Concurrent modification",
                        "The resource was changed or created by another request at the same time; retry"),
                request);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    public ResponseEntity<Object> constraintViolated(ConstraintViolationException e, WebRequest request) {
        ProblemDetail problem =
                Problems.of(HttpStatus.BAD_REQUEST, "validation", "Invalid request", "The request has invalid values");
        problem.setProperty(
                "errors",
                e.getConstraintViolations().stream()
                        .map(v -> Map.of("field", lastNode(v.getPropertyPath().toString()), "message", v.getMessage()))
                        .toList());
        return problem(problem, request);
    }

    @ExceptionHandler({CommandExecutionException.class, NoHandlerForCommandException.class})
    public ResponseEntity<Object> commandFailed(Exception e, WebRequest request) {
        LOG.error("Command failed unexpectedly", e);
        return problem(
                Problems.of(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "internal",
                        "Internal error",
                        "The request could not be processed"),
                request);
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<Object> unexpected(Exception e, WebRequest request) {
        LOG.error("Unexpected failure", e);
        return problem(
                Problems.of(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "internal",
                        "Internal error",
                        "The request could not be processed"),
                request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = Problems.of(
                HttpStatus.BAD_REQUEST, "validation", "Invalid request", "The request body has invalid fields");
        problem.setProperty(
                "errors",
                e.getBindingResult().getFieldErrors().stream()
                        .map(error ->
                                Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
                        .toList());
        return problem(problem, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = Problems.of(
                HttpStatus.BAD_REQUEST, "validation", "Invalid request", "The request has invalid parameters");
        List<Map<String, String>> errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> Map.of(
                                // a request body's errors name its fields, a path or query parameter's its name
                                "field",
                                error instanceof FieldError field
                                        ? field.getField()
                                        : String.valueOf(
                                                result.getMethodParameter().getParameterName()),
                                "message",
                                String.valueOf(error.getDefaultMessage()))))
                .toList();
        problem.setProperty("errors", errors);
        return problem(problem, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return problem(JsonBodyProblems.explain(e.getCause()), request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name =
                e instanceof MethodArgumentTypeMismatchException argument ? argument.getName() : e.getPropertyName();
        return invalidParameter(String.valueOf(name), expected(e.getRequiredType()), request);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return invalidParameter(e.getParameterName(), "is required", request);
    }

    /** Spring's own answers (405, 415, 404 for an unknown path...) get a stable type instead of about:blank. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> answer = super.handleExceptionInternal(e, body, headers, status, request);
        if (answer == null || !(answer.getBody() instanceof ProblemDetail problem)) {
            return answer;
        }
        if (Problems.isUntyped(problem)) {
            problem.setType(Problems.type(Problems.codeFor(answer.getStatusCode())));
        }
        // a set content type spares the body from negotiation, which fails for a malformed Accept header
        return ResponseEntity.status(answer.getStatusCode())
                .headers(answer.getHeaders())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** Spring Security's firewall, when it inspects a header only once a handler asks for it. */
    @ExceptionHandler(RequestRejectedException.class)
    public ResponseEntity<Object> rejected(RequestRejectedException e, WebRequest request) {
        return problem(Problems.rejectedRequest(), request);
    }

    private static ResponseEntity<Object> invalidParameter(String name, String message, WebRequest request) {
        ProblemDetail problem = Problems.of(
                HttpStatus.BAD_REQUEST, "validation", "Invalid request", "The request has invalid parameters");
        problem.setProperty("errors", List.of(Map.of("field", name, "message", message)));
        return problem(problem, request);
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "has an invalid value";
        }
        if (type.isEnum()) {
            return "must be one of " + Arrays.toString(type.getEnumConstants());
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "must be an integer between "
                    + (type == Integer.class || type == int.class
                            ? Integer.MIN_VALUE + " and " + Integer.MAX_VALUE
                            : Long.MIN_VALUE + " and " + Long.MAX_VALUE);
        }
        if (Number.class.isAssignableFrom(type)) {
            return "must be a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type.getPackageName().startsWith("java.time")) {
            return "must be in ISO-8601 form, such as 2026-12-01T10:00:00Z";
        }
        return "has an invalid value";
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }

    private static String titleOf(String code) {
        String words = code.replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static ResponseEntity<Object> problem(ProblemDetail problem, WebRequest request) {
        if (request instanceof ServletWebRequest servletRequest) {
            problem.setInstance(URI.create(servletRequest.getRequest().getRequestURI()));
        }
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
