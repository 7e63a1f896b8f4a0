package com.example.shop.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.app.eventstore.EventStoreConfiguration;
import com.example.shop.campaign.ClaimDecision;
import com.example.shop.campaign.ClaimQuote;
import com.example.shop.campaign.ClaimRejection;
import com.example.shop.inventory.InsufficientStockException;
import com.example.shop.order.OrderNotFoundException;
import com.example.shop.rules.DomainRuleViolation;
import com.example.shop.rules.InvalidCommandException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.extensions.jgroups.commandhandling.JGroupsReplyMessage;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.json.JacksonSerializer;
import org.jgroups.util.Util;
import org.junit.jupiter.api.Test;

/**
 * Every answer a command handler gives, and every refusal callers tell apart, round-tripped the way a cluster carries
 * it: in a JGroups reply, through the wire serializer over the Jackson serializer (and mapper) Axon's messages use.
 */
class CommandResultsOnTheWireTest {

    private static final ObjectMapper AXON_MAPPER = new EventStoreConfiguration().defaultAxonObjectMapper();

    private final WireSerializer wire = new WireSerializer(JacksonSerializer.builder()
            .objectMapper(AXON_MAPPER)
            .revisionResolver(new AnnotationRevisionResolver())
            .build());

    /** One answer of each type a command handler returns, by the type's name. */
    private static final Map<String, Object> SAMPLES = Map.of(
            "void",
            List.of(),
            String.class.getName(),
            List.of("stock-SKU-1"),
            ClaimQuote.class.getName(),
            List.of(new ClaimQuote(50)),
            "java.util.List<" + ClaimDecision.class.getName() + ">",
            List.of(
                    List.of(
                            ClaimDecision.granted("customer-1", "claim-1", 41, 20),
                            ClaimDecision.rejected("customer-2", ClaimRejection.ALREADY_CLAIMED, 41),
                            ClaimDecision.rejected("customer-3", ClaimRejection.SOLD_OUT, 0)),
                    List.of()));

    @Test
    void everyResultTypeOfTheCommandHandlersHasASampleHere() {
        assertThat(SAMPLES.keySet()).containsAll(resultTypesOfTheCommandHandlers());
    }

    @Test
    void everyResultComesBackAsTheTypeTheHandlerReturned() throws Exception {
        assertThat(roundTrip(new GenericCommandResultMessage<>((Object) null)).getPayload())
                .isNull();
        for (Object samples : SAMPLES.values()) {
            for (Object result : (List<?>) samples) {
                Object received =
                        roundTrip(new GenericCommandResultMessage<>(result)).getPayload();
                assertThat(received).isEqualTo(result);
                if (result instanceof List<?> list && !list.isEmpty()) {
                    assertThat((List<?>) received).hasOnlyElementsOfType(ClaimDecision.class);
                }
            }
        }
    }

    @Test
    void aRuleViolationComesBackWithItsCodeCategoryMessageAndDetails() throws Exception {
        List<DomainRuleViolation> violations = List.of(
                new InsufficientStockException("SKU-1", 5, 2),
                new InvalidCommandException(
                        "invalid-quantity",
                        "quantity must be between 1 and 10",
                        Map.of("field", "quantity", "max", 10)),
                new OrderNotFoundException("order-1"));
        for (DomainRuleViolation violation : violations) {
            Throwable received = refusedWith(violation);
            assertThat(received).isInstanceOf(DomainRuleViolation.class);
            DomainRuleViolation rebuilt = (DomainRuleViolation) received;
            assertThat(rebuilt.code()).isEqualTo(violation.code());
            assertThat(rebuilt.category()).isEqualTo(violation.category());
            assertThat(rebuilt.getMessage()).isEqualTo(violation.getMessage());
            // as the problem's properties will show them
            assertThat(AXON_MAPPER.writeValueAsString(new TreeMap<>(rebuilt.details())))
                    .isEqualTo(AXON_MAPPER.writeValueAsString(new TreeMap<>(violation.details())));
        }
    }

    @Test
    void theStoresRefusalsComeBackAsTheExceptionsTheStoreThrew() throws Exception {
        Throwable notFound = refusedWith(new AggregateNotFoundException("stock-SKU-9", "The aggregate was not found"));
        assertThat(notFound).isExactlyInstanceOf(AggregateNotFoundException.class);
        assertThat(((AggregateNotFoundException) notFound).getAggregateIdentifier())
                .isEqualTo("stock-SKU-9");
        assertThat(refusedWith(new ConcurrencyException("sequence 7 of stock-SKU-9 is taken")))
                .isExactlyInstanceOf(ConcurrencyException.class)
                .hasMessage("sequence 7 of stock-SKU-9 is taken");
        assertThat(refusedWith(new AggregateStreamCreationException("stock-SKU-9 exists")))
                .isExactlyInstanceOf(AggregateStreamCreationException.class);
        assertThat(refusedWith(new EventStoreException("append failed")))
                .isExactlyInstanceOf(EventStoreException.class);
    }

    @Test
    void anUnexpectedFailureStaysAGenericRemoteFailure() throws Exception {
        assertThat(refusedWith(new IllegalStateException("bug")))
                .isInstanceOf(org.axonframework.commandhandling.CommandExecutionException.class);
    }

    /** The exception the sending node's caller gets when the handling node's handler threw the given one. */
    private Throwable refusedWith(Throwable thrown) throws Exception {
        CommandResultMessage<?> answered =
                RefusalsCarried.described(GenericCommandResultMessage.asCommandResultMessage(thrown));
        return RefusalsCarried.rebuilt(roundTrip(answered)).exceptionResult();
    }

    private CommandResultMessage<?> roundTrip(CommandResultMessage<?> result) throws Exception {
        byte[] bytes = Util.streamableToByteBuffer(new JGroupsReplyMessage("command-1", result, wire));
        JGroupsReplyMessage received = Util.streamableFromByteBuffer(JGroupsReplyMessage::new, bytes);
        return received.getCommandResultMessage(wire);
    }

    /** The generic return types of every command handler; a creating handler answers its aggregate's identifier. */
    private static Set<String> resultTypesOfTheCommandHandlers() {
        Set<String> types = new TreeSet<>();
        List<Class<?>> handlers = new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("com.example.shop")
                        .stream()
                        .map(JavaClass::reflect)
                        .toList();
        for (Class<?> type : handlers) {
            for (Method method : type.getDeclaredMethods()) {
                if (method.isAnnotationPresent(CommandHandler.class)) {
                    types.add(method.getGenericReturnType().getTypeName());
                }
            }
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                if (constructor.isAnnotationPresent(CommandHandler.class)) {
                    types.add(identifierType(type).getName());
                }
            }
        }
        assertThat(types).as("result types found").hasSizeGreaterThan(1);
        return types;
    }

    private static Class<?> identifierType(Class<?> aggregate) {
        List<Class<?>> found = new ArrayList<>();
        for (Field field : aggregate.getDeclaredFields()) {
            if (field.isAnnotationPresent(AggregateIdentifier.class)) {
                found.add(field.getType());
            }
        }
        assertThat(found).as("identifier of %s", aggregate).hasSize(1);
        return found.get(0);
    }
}
