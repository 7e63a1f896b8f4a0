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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/products")
@Tag(name = "Products")
public class ProductQueryController {

    private static final long MAX_PRICE = 1_000_000_000_000L;
    /** Any text but control characters, which no name holds (and BSON cannot carry NUL in a pattern). */
    private static final String NAME_FRAGMENT = "[^\\p{Cntrl}]{1,100}";

    /** Stored, but asked again every time: the answer is 304 while the product is unchanged (its ETag). */
    private static final CacheControl REVALIDATE = CacheControl.noCache().cachePrivate();

    private final MongoTemplate mongo;
    private final ProjectionCollections collections;
    private final ProductViewCache cache;

    public ProductQueryController(MongoTemplate mongo, ProjectionCollections collections, ProductViewCache cache) {
        this.mongo = mongo;
        this.collections = collections;
        this.cache = cache;
    }

    public record ProductPage(List<ProductView> items, int page, int size) {}

    @GetMapping("/search")
    @Operation(
            summary =
                    "Search the catalog by name fragment (case-insensitive) and price range, sorted, a page at a time",
            description = "sort is one of sku, name, price, available, with a leading '-' for descending. "
                    + "A price bound needs a currency: prices in different currencies do not compare.")
    public ProductPage search(
            @RequestParam(required = false) @Pattern(regexp = NAME_FRAGMENT) String q,
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
        return new ProductPage(
                mongo.find(
                        ProductSearch.query(filter, sort, page, size),
                        ProductView.class,
                        collections.serving(ProductView.class)),
                page,
                size);
    }

    @GetMapping("/{sku}")
    @Operation(summary = "A product with its price and its available and reserved stock")
    public ResponseEntity<ProductView> product(@PathVariable @Pattern(regexp = Skus.PATTERN) String sku) {
        ProductView view = cache.product(sku)
                .orElseThrow(() -> new UnknownProductException(sku, DomainRuleViolation.Category.NOT_FOUND));
        // Spring answers 304 itself when If-None-Match names this ETag
        return ResponseEntity.ok().eTag(etag(view)).cacheControl(REVALIDATE).body(view);
    }

    @GetMapping
    @Operation(summary = "Products in SKU order, a page at a time")
    public ResponseEntity<ProductPage> products(
            @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        List<ProductView> items = cache.page(page, size);
        return ResponseEntity.ok().eTag(etag(items)).cacheControl(REVALIDATE).body(new ProductPage(items, page, size));
    }

    /**
     * A product's name and price never change after registration, so its stock version says which state it is in;
     * a product without a name is not shown at all.
     */
    static String etag(ProductView view) {
        return "\"" + view.stockVersion() + "\"";
    }

    static String etag(List<ProductView> items) {
        CRC32C digest = new CRC32C();
        for (ProductView view : items) {
            digest.update((view.sku() + ":" + (view.name() != null) + ":" + view.stockVersion() + ";")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return "\"" + items.size() + "-" + Long.toHexString(digest.getValue()) + "\"";
    }

    static final class InvalidSearchException extends DomainRuleViolation {
        InvalidSearchException(String message) {
            super("invalid-search", Category.UNPROCESSABLE, message, Map.of());
        }
    }
}
