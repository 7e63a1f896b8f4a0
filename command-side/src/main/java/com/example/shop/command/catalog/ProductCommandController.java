package com.example.shop.command.catalog;

import com.example.shop.catalog.ProductAlreadyExistsException;
import com.example.shop.catalog.RegisterProductCommand;
import com.example.shop.catalog.Skus;
import com.example.shop.catalog.UnknownProductException;
import com.example.shop.command.web.CommandDispatcher;
import com.example.shop.inventory.RestockCommand;
import com.example.shop.rules.DomainRuleViolation;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/products")
@Tag(name = "Products", description = "Catalog and stock commands")
public class ProductCommandController {

    private final CommandDispatcher commands;

    public ProductCommandController(CommandDispatcher commands) {
        this.commands = commands;
    }

    public record RegisterProductRequest(
            @NotNull @Pattern(regexp = Skus.PATTERN) String sku,
            @NotBlank @Size(max = Product.MAX_NAME_LENGTH) String name,
            @NotNull @Valid MoneyPayload price,

            @NotNull @Min(0) @Max(com.example.shop.command.inventory.Stock.MAX_MOVEMENT)
            Long initialStock) {}

    public record RestockRequest(
            @NotNull @Min(1) @Max(com.example.shop.command.inventory.Stock.MAX_MOVEMENT)
            Long quantity) {}

    public record ProductCreated(String sku) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Register a product with its price and initial stock")
    public ResponseEntity<ProductCreated> register(@Valid @RequestBody RegisterProductRequest request) {
        try {
            commands.sendAndWait(new RegisterProductCommand(
                    request.sku(), request.name(), request.price().toMoney(), request.initialStock()));
        } catch (EventStoreException alreadyStored) {
            // two registrations of one SKU raced; the loser's stream could not be created
            throw new ProductAlreadyExistsException(request.sku());
        }
        return ResponseEntity.created(URI.create("/products/" + request.sku())).body(new ProductCreated(request.sku()));
    }

    @PostMapping("/{sku}/restock")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Add received goods to a product's stock")
    public ResponseEntity<Void> restock(
            @PathVariable @Pattern(regexp = Skus.PATTERN) String sku, @Valid @RequestBody RestockRequest request) {
        try {
            commands.sendAndWait(new RestockCommand(sku, request.quantity()));
        } catch (AggregateNotFoundException noStock) {
            throw new UnknownProductException(sku, DomainRuleViolation.Category.NOT_FOUND);
        }
        return ResponseEntity.accepted()
                .location(URI.create("/products/" + sku))
                .build();
    }
}
