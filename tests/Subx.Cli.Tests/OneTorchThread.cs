// Tests run one at a time, as Subx drives torch from one thread. TorchSharp 0.107 turns a number given
// where it takes a Scalar into a Scalar it never disposes, and a collection while the native call runs
// lets the finalizer free it under libtorch; CI once failed so with two test classes side by side.
// Subx.Core and its tests hold every Scalar (HeldScalarsTests checks their IL); one thread is the
// second line. See ARCHITECTURE, "Nothing is left to the finalizer".
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
