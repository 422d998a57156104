package dev.cairn.bench.simulatedcrac;

/** A resource failed before the checkpoint. */
public class CheckpointException extends Exception {
}
