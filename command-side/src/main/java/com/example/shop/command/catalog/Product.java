package com.example.shop.command.catalog;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.example.shop.catalog.ProductRegisteredEvent;
import com.example.shop.catalog.RegisterProductCommand;
import com.example.shop.catalog.Skus;
import com.example.shop.command.inventory.Inventory;
import com.example.shop.money.Money;
import com.example.shop.rules.InvalidCommandException;
import java.util.Map;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/** A catalog entry: what a SKU is called and what it costs. Its stock lives in its own aggregate. */
@Aggregate(cache = "productCache")
public class Product {

    public static final int MAX_NAME_LENGTH = 200;
    public static final long MAX_PRICE_MINOR = 1_000_000_000L;

    @AggregateIdentifier
    private String sku;

    private String name;
    private Money price;

    protected Product() {
        // for event sourcing
    }

    @CommandHandler
    public Product(RegisterProductCommand command, Inventory inventory) {
        if (!Skus.isValid(command.sku())) {
            throw invalid("invalid-sku", "SKU must match " + Skus.PATTERN, "sku");
        }
        if (command.name() == null || command.name().isBlank() || command.name().length() > MAX_NAME_LENGTH) {
            throw invalid("invalid-name", "name must be 1 to " + MAX_NAME_LENGTH + " characters", "name");
        }
        if (command.price() == null
                || command.price().amountMinor() < 0
                || command.price().amountMinor() > MAX_PRICE_MINOR) {
            throw invalid("invalid-price", "price must be between 0 and " + MAX_PRICE_MINOR + " minor units", "price");
        }
        apply(new ProductRegisteredEvent(
                command.sku(), command.name().strip(), command.price(), GenericEventMessage.clock.instant()));
        inventory.open(command.sku(), command.initialStock());
    }

    private static InvalidCommandException invalid(String code, String message, String field) {
        return new InvalidCommandException(code, message, Map.of("field", field));
    }

    public CatalogPrice catalogPrice() {
        return new CatalogPrice(sku, name, price);
    }

    @EventSourcingHandler
    void on(ProductRegisteredEvent event) {
        sku = event.sku();
        name = event.name();
        price = event.price();
    }
}
