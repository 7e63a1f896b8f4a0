package com.example.shop.command.order;

import com.example.shop.catalog.Skus;
import com.example.shop.command.web.CommandDispatcher;
import com.example.shop.order.CancelOrderCommand;
import com.example.shop.order.DiscountClaimRef;
import com.example.shop.order.OrderLineRequest;
import com.example.shop.order.OrderNotFoundException;
import com.example.shop.order.OrderPersonalData;
import com.example.shop.order.OrderStatus;
import com.example.shop.order.PlaceOrderCommand;
import com.example.shop.order.ShippingAddress;
import com.example.shop.platform.Caller;
import com.example.shop.platform.ThreadLocalSecureRandom;
import com.example.shop.privacy.PersonalDataCipher;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
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
@RequestMapping("/orders")
@Tag(name = "Orders", description = "Place and cancel orders")
public class OrderCommandController {

    static final String ID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private final CommandDispatcher commands;
    private final PersonalDataCipher personalData;

    public OrderCommandController(CommandDispatcher commands, PersonalDataCipher personalData) {
        this.commands = commands;
        this.personalData = personalData;
    }

    public record LineRequest(
            @NotNull @Pattern(regexp = Skus.PATTERN) String sku,

            @NotNull @Min(1) @Max(PlaceOrderCommand.MAX_QUANTITY_PER_LINE)
            Long quantity) {}

    public record PlaceOrderRequest(
            @Size(min = 1, max = 64) @Pattern(regexp = "[A-Za-z0-9._@-]+")
            String customerId,

            @NotNull @Pattern(regexp = "[A-Z]{3}") String currency,

            @NotEmpty @Size(max = PlaceOrderCommand.MAX_LINES)
            List<@NotNull @Valid LineRequest> lines,

            @Valid DiscountClaimRequest discountClaim,
            @NotNull @Valid ShippingAddressRequest shippingAddress,
            @NotNull @Valid PaymentRequest payment) {}

    /** Printable text without control characters. */
    private static final String TEXT = "[^\\p{Cntrl}]*";

    public record ShippingAddressRequest(
            @NotBlank @Size(max = 100) @Pattern(regexp = TEXT)
            String name,

            @NotBlank @Size(max = 200) @Pattern(regexp = TEXT)
            String line1,

            @Size(max = 200) @Pattern(regexp = TEXT) String line2,

            @NotBlank @Size(max = 20) @Pattern(regexp = "[A-Za-z0-9 -]+")
            String postalCode,

            @NotBlank @Size(max = 100) @Pattern(regexp = TEXT)
            String city,

            @NotNull @Pattern(regexp = "[A-Z]{2}") String country) {

        ShippingAddress toAddress() {
            return new ShippingAddress(name, line1, line2, postalCode, city, country);
        }
    }

    /** The card as the payment provider's token (the card number never reaches this service). */
    public record PaymentRequest(
            @NotNull @Pattern(regexp = "tok_[A-Za-z0-9_]{4,64}")
            String cardToken) {}

    public record DiscountClaimRequest(
            @NotNull @Pattern(regexp = "[A-Za-z0-9._-]{1,64}")
            String campaignId,

            @NotNull @Pattern(regexp = ID_PATTERN) String claimId) {}

    public record CancelOrderRequest(@Size(max = 500) String reason) {}

    public record OrderAccepted(String orderId, OrderStatus status) {}

    @PostMapping
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(
            summary =
                    "Place an order (a customer for themselves, staff for the customer named); prices (and the discount of a claim) come from the server. The answer is "
                            + "immediate: stock, payment and shipping follow, visible at Location and its event stream")
    public ResponseEntity<OrderAccepted> place(@Valid @RequestBody PlaceOrderRequest request, Caller caller) {
        String customerId = caller.customerFor(request.customerId());
        String orderId = ThreadLocalSecureRandom.uuid().toString();
        List<OrderLineRequest> lines = request.lines().stream()
                .map(line -> new OrderLineRequest(line.sku(), line.quantity()))
                .toList();
        DiscountClaimRef claim = request.discountClaim() == null
                ? null
                : new DiscountClaimRef(
                        request.discountClaim().campaignId(),
                        request.discountClaim().claimId());
        // sealed here, before anything is written: events and read models never see the plaintext
        OrderPersonalData sealed = new OrderPersonalData(
                personalData.seal(customerId, request.shippingAddress().toAddress()),
                personalData.seal(customerId, request.payment().cardToken()));
        commands.sendAndWait(new PlaceOrderCommand(orderId, customerId, request.currency(), lines, claim, sealed));
        return ResponseEntity.accepted()
                .location(URI.create("/orders/" + orderId))
                .body(new OrderAccepted(orderId, OrderStatus.PLACED));
    }

    @PostMapping("/{orderId}/cancel")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Cancel an order that has not shipped; its reserved stock is released")
    public ResponseEntity<Void> cancel(
            @PathVariable @Pattern(regexp = ID_PATTERN) String orderId,
            @Valid @RequestBody(required = false) CancelOrderRequest request,
            Caller caller) {
        try {
            commands.sendAndWait(
                    new CancelOrderCommand(orderId, request == null ? null : request.reason(), caller.restrictedTo()));
        } catch (AggregateNotFoundException unknown) {
            throw new OrderNotFoundException(orderId);
        }
        return ResponseEntity.accepted()
                .location(URI.create("/orders/" + orderId))
                .build();
    }
}
