package dev.cairn.bench.simulatedcrac;

/** A resource failed after the restore. */
public class RestoreException extends Exception {
}
