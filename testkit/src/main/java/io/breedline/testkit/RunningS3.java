package io.breedline.testkit;

import io.breedline.clients.s3.S3Clients;
import io.breedline.clients.s3.S3Settings;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import software.amazon.awssdk.services.s3.S3Client;

/** An S3 server reachable with {@link S3Settings}, however it was started, with one client shared by all tests. */
final class RunningS3 implements S3Server, AutoCloseable {
    private final S3Settings settings;
    private final S3Client client;
    private final S3Client shared;

    RunningS3(S3Settings settings) {
        this.settings = settings;
        this.client = S3Clients.create(settings);
        this.shared = uncloseable(client);
    }

    @Override
    public S3Settings settings() {
        return settings;
    }

    @Override
    public S3Client client() {
        return shared;
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "RunningS3[" + settings.endpoint().map(Object::toString).orElse("AWS") + "]";
    }

    /** A test that closes the shared client (try-with-resources) must not break the tests that run after it. */
    private static S3Client uncloseable(S3Client target) {
        return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        return null;
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
