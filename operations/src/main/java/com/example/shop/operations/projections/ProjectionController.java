package com.example.shop.operations.projections;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Projections and their rebuilds. Under {@code /admin}: once accounts land, only ADMIN may call it. */
@RestController
@RequestMapping("/admin/projections")
@Tag(name = "Projections (admin)", description = "Progress of every projection; rebuild one from the event store")
public class ProjectionController {

    private static final String NAME = "[A-Za-z0-9._-]{1,255}";

    private final Projections projections;

    public ProjectionController(Projections projections) {
        this.projections = projections;
    }

    @GetMapping
    @Operation(summary = "Every projection: position against the head of the store, events/s, time left")
    public List<Projections.Status> all() {
        return projections.all();
    }

    @GetMapping("/{name}")
    @Operation(summary = "One projection's progress", description = "404 /problems/projection-not-found")
    public Projections.Status status(@PathVariable @Pattern(regexp = NAME) String name) {
        return projections.status(name);
    }

    @PostMapping("/{name}/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(
            summary = "Clear a projection and rebuild it from the first event; answers at once, follow Location",
            description = "While it rebuilds, its queries answer from what has been rebuilt so far (see ADR 0004).")
    public ResponseEntity<Projections.Status> rebuild(@PathVariable @Pattern(regexp = NAME) String name) {
        return ResponseEntity.accepted()
                .location(URI.create("/admin/projections/" + name))
                .body(projections.rebuild(name));
    }
}
