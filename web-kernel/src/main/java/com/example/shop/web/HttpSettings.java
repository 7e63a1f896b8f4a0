package com.example.shop.web;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code shop.http.*}: limits of the HTTP layer.
 *
 * @param maxBodyBytes request bodies larger than this are refused with 413 ({@link BoundedBodyFilter})
 */
@Validated
@ConfigurationProperties("shop.http")
public record HttpSettings(@DefaultValue("65536") @Min(1) long maxBodyBytes) {}
