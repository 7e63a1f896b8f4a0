package com.example.shop.platform;

import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Puts the ids a message carries (principal, correlation id, trace id) into the {@link LogContext} while it is
 * handled, so that what a command handler, a projection, the saga or a deadline handler logs names the request
 * that caused it, whichever thread it runs on.
 */
public class MessageLogContextInterceptor implements MessageHandlerInterceptor<Message<?>> {

    @Override
    public Object handle(UnitOfWork<? extends Message<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        try (AuditContext.Scope ignored =
                LogContext.enter(unitOfWork.getMessage().getMetaData())) {
            return interceptorChain.proceed();
        }
    }
}
