package dev.cairn.local;

import java.util.concurrent.CountDownLatch;

/** `make run`: the local stack, serving on 127.0.0.1:3000 until Ctrl-C. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        LocalRuntime runtime = LocalRuntime.start(LocalRuntime.Options.defaults());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.close();
            stopped.countDown();
        }));
        System.out.println("Cairn local runtime ready on " + runtime.baseUrl() + " (API key: x-api-key: "
                + runtime.apiKey() + "; hub pages under " + runtime.baseUrl() + "/hub/). Ctrl-C stops it.");
        stopped.await();
    }
}
