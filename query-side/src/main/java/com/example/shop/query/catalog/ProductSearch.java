package com.example.shop.query.catalog;

import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Catalog search as typed MongoDB criteria. User input only ever becomes a value: the name fragment is
 * quoted before it reaches {@code $regex}, numbers are numbers, and sorting is by a fixed list of keys.
 * Nothing is parsed as a query, an operator or JavaScript.
 */
public final class ProductSearch {

    /** What a client may sort by, and the stored field behind each key; {@code -key} sorts descending. */
    static final Map<String, String> SORT_FIELDS = Map.of(
            "sku", "_id",
            "name", "name",
            "price", "price.amountMinor",
            "available", "available");

    public static final String SORT_PATTERN = "-?(sku|name|price|available)";

    private ProductSearch() {}

    public record Filter(String nameContains, Long minPriceMinor, Long maxPriceMinor, String currency) {}

    public static Query query(Filter filter, String sort, int page, int size) {
        // a product whose stock arrived before its registration has no name yet and is not shown
        Criteria criteria = filter.nameContains() == null
                ? Criteria.where("name").ne(null)
                : Criteria.where("name").regex(Pattern.quote(filter.nameContains()), "i");
        if (filter.currency() != null) {
            criteria.and("price.currency").is(filter.currency());
        }
        if (filter.minPriceMinor() != null || filter.maxPriceMinor() != null) {
            Criteria price = criteria.and("price.amountMinor");
            if (filter.minPriceMinor() != null) {
                price.gte(filter.minPriceMinor());
            }
            if (filter.maxPriceMinor() != null) {
                price.lte(filter.maxPriceMinor());
            }
        }
        boolean descending = sort.startsWith("-");
        String field = SORT_FIELDS.get(descending ? sort.substring(1) : sort);
        if (field == null) {
            throw new IllegalArgumentException("not a sort key: " + sort);
        }
        Sort order = Sort.by(descending ? Sort.Direction.DESC : Sort.Direction.ASC, field);
        if (!"_id".equals(field)) {
            order = order.and(Sort.by("_id")); // a stable order for paging
        }
        return new Query(criteria).with(order).skip((long) page * size).limit(size);
    }
}
