package com.example.shop.catalog;

import com.example.shop.common.DomainRuleViolation;
import com.example.shop.common.Skus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Optional;

@RestController
@RequestMapping("/products")
@Tag(name = "Products")
public class ProductQueryController {

    private final MongoTemplate mongo;

    public ProductQueryController(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public record ProductPage(List<ProductView> items, int page, int size) {
    }

    @GetMapping("/{sku}")
    @Operation(summary = "A product with its price and its available and reserved stock")
    public ProductView product(@PathVariable @Pattern(regexp = Skus.PATTERN) String sku) {
        return Optional.ofNullable(mongo.findById(sku, ProductView.class))
                .filter(view -> view.name() != null)
                .orElseThrow(() -> new UnknownProductException(sku, DomainRuleViolation.Category.NOT_FOUND));
    }

    @GetMapping
    @Operation(summary = "Products in SKU order, a page at a time")
    public ProductPage products(@RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
                                @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        Query query = new Query().with(Sort.by("_id")).skip((long) page * size).limit(size);
        return new ProductPage(mongo.find(query, ProductView.class), page, size);
    }
}
