package com.example.shop.query.catalog;

import com.example.shop.catalog.Skus;
import com.example.shop.catalog.UnknownProductException;
import com.example.shop.query.projection.ProjectionCollections;
import com.example.shop.rules.DomainRuleViolation;
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
import java.util.Map;
import java.util.Optional;

@RestController
@RequestMapping("/products")
@Tag(name = "Products")
public class ProductQueryController {

    private static final long MAX_PRICE = 1_000_000_000_000L;
    /** Any text but control characters, which no name holds (and BSON cannot carry NUL in a pattern). */
    private static final String NAME_FRAGMENT = "[^\\p{Cntrl}]{1,100}";

    private final MongoTemplate mongo;
    private final ProjectionCollections collections;

    public ProductQueryController(MongoTemplate mongo, ProjectionCollections collections) {
        this.mongo = mongo;
        this.collections = collections;
    }

    public record ProductPage(List<ProductView> items, int page, int size) {
    }

    @GetMapping("/search")
    @Operation(summary = "Search the catalog by name fragment (case-insensitive) and price range, sorted, a page at a time",
            description = "sort is one of sku, name, price, available, with a leading '-' for descending. "
                    + "A price bound needs a currency: prices in different currencies do not compare.")
    public ProductPage search(@RequestParam(required = false) @Pattern(regexp = NAME_FRAGMENT) String q,
                              @RequestParam(required = false) @Min(0) @Max(MAX_PRICE) Long minPrice,
                              @RequestParam(required = false) @Min(0) @Max(MAX_PRICE) Long maxPrice,
                              @RequestParam(required = false) @Pattern(regexp = "[A-Z]{3}") String currency,
                              @RequestParam(defaultValue = "sku") @Pattern(regexp = ProductSearch.SORT_PATTERN) String sort,
                              @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
                              @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        if ((minPrice != null || maxPrice != null) && currency == null) {
            throw new InvalidSearchException("A price bound needs a currency");
        }
        if (minPrice != null && maxPrice != null && minPrice > maxPrice) {
            throw new InvalidSearchException("minPrice is above maxPrice");
        }
        var filter = new ProductSearch.Filter(q, minPrice, maxPrice, currency);
        return new ProductPage(mongo.find(ProductSearch.query(filter, sort, page, size), ProductView.class,
                collections.serving(ProductView.class)), page, size);
    }

    @GetMapping("/{sku}")
    @Operation(summary = "A product with its price and its available and reserved stock")
    public ProductView product(@PathVariable @Pattern(regexp = Skus.PATTERN) String sku) {
        return Optional.ofNullable(mongo.findById(sku, ProductView.class, collections.serving(ProductView.class)))
                .filter(view -> view.name() != null)
                .orElseThrow(() -> new UnknownProductException(sku, DomainRuleViolation.Category.NOT_FOUND));
    }

    @GetMapping
    @Operation(summary = "Products in SKU order, a page at a time")
    public ProductPage products(@RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
                                @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        Query query = new Query().with(Sort.by("_id")).skip((long) page * size).limit(size);
        return new ProductPage(mongo.find(query, ProductView.class, collections.serving(ProductView.class)), page, size);
    }

    static final class InvalidSearchException extends DomainRuleViolation {
        InvalidSearchException(String message) {
            super("invalid-search", Category.UNPROCESSABLE, message, Map.of());
        }
    }
}
