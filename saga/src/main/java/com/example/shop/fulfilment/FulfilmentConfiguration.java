package com.example.shop.fulfilment;

import com.example.shop.payment.HttpPaymentGateway;
import com.example.shop.payment.PaymentGateway;
import com.example.shop.privacy.PersonalDataCipher;
import com.example.shop.provider.ProviderResilience;
import com.example.shop.provider.ProviderSettings;
import com.example.shop.shipping.HttpShippingCarrier;
import com.example.shop.shipping.ShippingCarrier;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.CurrentTraceContext;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The saga's collaborators: its action pool and the resilient adapters of both providers. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({FulfilmentSettings.class, FulfilmentConfiguration.Providers.class})
public class FulfilmentConfiguration {

    /**
     * {@code shop.providers.*}: the payment gateway and the shipping carrier.
     *
     * @param payment  the payment gateway
     * @param shipping the shipping carrier
     */
    @ConfigurationProperties("shop.providers")
    public record Providers(
            @NestedConfigurationProperty ProviderSettings payment,
            @NestedConfigurationProperty ProviderSettings shipping) {}

    /**
     * Actions wait on providers, so they get threads of their own; a full queue drops the action and the
     * saga's retry deadline brings it back later.
     */
    @Bean(destroyMethod = "shutdownNow")
    public ThreadPoolExecutor fulfilmentExecutor(FulfilmentSettings settings) {
        int threads = settings.actionThreads();
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(
                threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000), runnable -> {
                    Thread thread = new Thread(runnable, "fulfilment-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    @Bean
    public FulfilmentActions fulfilmentActions(
            CommandGateway commands,
            PaymentGateway payments,
            ShippingCarrier carrier,
            PersonalDataCipher personalData,
            ThreadPoolExecutor fulfilmentExecutor,
            FulfilmentSettings settings,
            ObjectProvider<CurrentTraceContext> traces) {
        // an action continues the trace of the event that started it, on whichever pool thread it runs (each task
        // takes the trace current when it is handed over; wrap(Executor) would take the one current now, none)
        CurrentTraceContext trace = traces.getIfAvailable();
        Executor executor = trace == null ? fulfilmentExecutor : task -> fulfilmentExecutor.execute(trace.wrap(task));
        return new FulfilmentActions(
                commands, payments, carrier, personalData, executor, settings.maxConcurrentCommands());
    }

    @Bean
    public ProviderResilience providerResilience(
            MeterRegistry meters, ObjectProvider<ObservationRegistry> observations) {
        return ProviderResilience.reportingTo(meters, observations.getIfAvailable(() -> ObservationRegistry.NOOP));
    }

    @Bean
    public PaymentGateway paymentGateway(Providers providers, ProviderResilience providerResilience) {
        return new HttpPaymentGateway(required(providers.payment(), "payment"), providerResilience);
    }

    @Bean
    public ShippingCarrier shippingCarrier(Providers providers, ProviderResilience providerResilience) {
        return new HttpShippingCarrier(required(providers.shipping(), "shipping"), providerResilience);
    }

    private static ProviderSettings required(ProviderSettings settings, String provider) {
        if (settings == null || settings.baseUrl() == null) {
            throw new IllegalStateException("shop.providers." + provider + ".base-url is not set (the embedded "
                    + "defaults start a simulator and set it unless shop.embedded.enabled=false)");
        }
        return settings;
    }
}
