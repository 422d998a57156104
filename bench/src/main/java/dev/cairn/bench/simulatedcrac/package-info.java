/**
 * A stand-in CRaC implementation for the SnapStart priming check: with
 * {@code -Dorg.crac.Core.Compat=dev.cairn.bench.simulatedcrac}, org.crac registers resources here instead of in a
 * CRaC JDK, and {@link dev.cairn.bench.simulatedcrac.Core#checkpointRestore()} runs their {@code beforeCheckpoint}
 * and {@code afterRestore} as a checkpoint would, without taking one. org.crac finds the classes by these names.
 */
package dev.cairn.bench.simulatedcrac;
