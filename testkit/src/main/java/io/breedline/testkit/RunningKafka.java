package io.breedline.testkit;

/** A Kafka server reachable at a bootstrap address, however it was started. */
record RunningKafka(String bootstrapServers) implements KafkaServer {}
