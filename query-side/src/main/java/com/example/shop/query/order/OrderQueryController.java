package com.example.shop.query.order;

import com.example.shop.order.OrderNotFoundException;
import com.example.shop.platform.Caller;
import com.example.shop.privacy.PersonalDataCipher;
import com.example.shop.query.projection.ProjectionCollections;
import com.example.shop.rules.CustomerNotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Optional;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Orders")
public class OrderQueryController {

    private final MongoTemplate mongo;
    private final ProjectionCollections collections;
    private final CustomerOrderHistory history;
    private final PersonalDataCipher personalData;

    public OrderQueryController(
            MongoTemplate mongo,
            ProjectionCollections collections,
            CustomerOrderHistory history,
            PersonalDataCipher personalData) {
        this.mongo = mongo;
        this.collections = collections;
        this.history = history;
        this.personalData = personalData;
    }

    @GetMapping("/orders/{orderId}")
    @Operation(
            summary = "An order with its lines, total, status, status history and its shipping address and card "
                    + "(personalData.availability: ERASED once the customer was erased)")
    public OrderDetails order(@PathVariable @Size(max = 64) String orderId, Caller caller) {
        return Optional.ofNullable(mongo.findById(orderId, OrderView.class, collections.serving(OrderView.class)))
                .filter(order -> caller.mayActFor(order.customerId()))
                .map(order -> OrderDetails.of(order, personalData))
                .orElseThrow(() -> new OrderNotFoundException(orderId));
    }

    @GetMapping("/customers/{customerId}/orders")
    @Operation(summary = "A customer's orders, newest first; pass the returned nextCursor to read the next page")
    public CustomerOrderHistory.Page customerOrders(
            @PathVariable @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._@-]+") String customerId,
            @RequestParam(required = false) @Size(max = 200) String cursor,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
            Caller caller) {
        if (!caller.mayActFor(customerId)) {
            throw new CustomerNotFoundException(customerId);
        }
        return history.page(customerId, cursor, limit);
    }
}
