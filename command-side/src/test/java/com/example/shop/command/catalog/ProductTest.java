package com.example.shop.command.catalog;

import static com.example.shop.command.tuning.RuleViolations.invalidCommand;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.catalog.ProductRegisteredEvent;
import com.example.shop.catalog.RegisterProductCommand;
import com.example.shop.command.inventory.Inventory;
import com.example.shop.money.Money;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProductTest {

    private static final Money PRICE = new Money(1999, "EUR");

    private AggregateTestFixture<Product> fixture;
    private final List<String> opened = new ArrayList<>();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Product.class);
        Inventory inventory = (sku, initialQuantity) -> opened.add(sku + "=" + initialQuantity);
        fixture.registerInjectableResource(inventory);
    }

    @Test
    void registersAProductAndOpensItsStock() {
        fixture.givenNoPriorActivity()
                .when(new RegisterProductCommand("SHIRT-1", " T-shirt ", PRICE, 25))
                .expectEvents(new ProductRegisteredEvent("SHIRT-1", "T-shirt", PRICE, fixture.currentTime()));
        assertThat(opened).containsExactly("SHIRT-1=25");
    }

    @Test
    void refusesAMalformedSku() {
        fixture.givenNoPriorActivity()
                .when(new RegisterProductCommand("shirt 1", "T-shirt", PRICE, 25))
                .expectException(invalidCommand("invalid-sku"))
                .expectNoEvents();
        assertThat(opened).isEmpty();
    }

    @Test
    void refusesABlankName() {
        fixture.givenNoPriorActivity()
                .when(new RegisterProductCommand("SHIRT-1", "  ", PRICE, 25))
                .expectException(invalidCommand("invalid-name"))
                .expectNoEvents();
    }

    @Test
    void refusesANegativePrice() {
        fixture.givenNoPriorActivity()
                .when(new RegisterProductCommand("SHIRT-1", "T-shirt", new Money(-1, "EUR"), 25))
                .expectException(invalidCommand("invalid-price"))
                .expectNoEvents();
    }
}
