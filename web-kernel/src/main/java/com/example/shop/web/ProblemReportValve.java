package com.example.shop.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * Tomcat's error report, for what Tomcat refuses before the application sees the request (a malformed
 * request line, an encoded '/' or a NUL in the path, invalid UTF-8, a '[' in the query, a bad header):
 * a problem+json body with a stable type for the status, and an {@code X-Correlation-Id}, in place of
 * Tomcat's HTML page. Answers the application gives pass through untouched.
 */
public class ProblemReportValve extends ErrorReportValve {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // like Tomcat's own report: only for an error that nothing has answered yet
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        ProblemDetail problem = Problems.forStatus(
                status,
                status == 400
                        ? "The request line, its URL or its headers are malformed (for example an encoded '/', a NUL "
                                + "or invalid UTF-8 in the path, or a character the query may not contain unencoded)"
                        : status >= 500 ? "The request could not be processed" : "The request was refused");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", status);
        body.put("detail", problem.getDetail());
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            if (response.getHeader(CorrelationIdFilter.HEADER) == null) {
                response.setHeader(CorrelationIdFilter.HEADER, CorrelationIdFilter.resolve(null));
            }
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(JSON.writeValueAsString(body));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response was committed meanwhile: nothing left to tell it
        }
    }
}
