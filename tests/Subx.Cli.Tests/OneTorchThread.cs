// Tests run one at a time. TorchSharp 0.107 turns a number given where it takes a Scalar
// (`t * 0.5`, `t.add(u, alpha: 2)`, and inside its optimizers) into a Scalar it never disposes;
// once the native call has its handle the Scalar is garbage, and a collection that another
// thread's allocations start while the call runs lets the finalizer free it under libtorch
// ("Expected false to be true" from c10::Scalar::toDouble; CI saw it once with two test classes
// side by side). Subx drives torch from one thread, and so do its tests, which narrows the window:
// the runner's own reporting threads still allocate a little. See ARCHITECTURE, "One thread drives torch".
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
