package dev.kunren.shop.payment;

import dev.kunren.http.Http1Client;
import dev.kunren.http.HttpResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The checkout's client of the payment API, counting what happened for the metrics. */
public final class PaymentClient implements AutoCloseable {

    private final InetSocketAddress address;
    private final Http1Client client = new Http1Client(Duration.ofSeconds(1));
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong deferred = new AtomicLong();

    public PaymentClient(InetSocketAddress address) {
        this.address = address;
    }

    /** Charges a customer; throws with a reason when the provider fails or does not answer in time. */
    public void charge(String customer, long amountYen, Duration timeout) throws PaymentException {
        byte[] body = ("customer=" + customer + "&amount=" + amountYen).getBytes(StandardCharsets.UTF_8);
        try {
            HttpResult result = client.send(address, "POST", "/v1/charges", body,
                    "application/x-www-form-urlencoded", timeout);
            if (result.status() / 100 != 2) {
                failed.incrementAndGet();
                throw new PaymentException("payment API answered " + result.status());
            }
            succeeded.incrementAndGet();
        } catch (java.net.SocketTimeoutException e) {
            failed.incrementAndGet();
            throw new PaymentException("payment API did not answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            failed.incrementAndGet();
            throw new PaymentException("payment API unreachable: " + e.getMessage());
        }
    }

    /** Counts an order accepted with its payment deferred (graceful degradation). */
    public void deferred() {
        deferred.incrementAndGet();
    }

    public long succeeded() {
        return succeeded.get();
    }

    public long failed() {
        return failed.get();
    }

    public long deferredCount() {
        return deferred.get();
    }

    @Override
    public void close() {
        client.close();
    }

    /** A charge that did not go through. */
    public static final class PaymentException extends Exception {
        public PaymentException(String message) {
            super(message);
        }
    }
}
