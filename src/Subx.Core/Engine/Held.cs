using TorchSharp;
using static TorchSharp.torch;

namespace Subx.Engine;

/// <summary>
/// Tensor arithmetic with every number passed as a Scalar that is held until libtorch is done with it.
/// TorchSharp 0.107 turns a number given where it takes a Scalar — `t * 0.5`, `t.clamp(0, 1)`, and even
/// `a + b`, which it runs as `a.add(b, 1)` — into a Scalar that nothing holds once the native call has its
/// handle; a garbage collection during that call lets the finalizer free it under libtorch, which then
/// fails ("Expected false to be true" from c10::Scalar) or worse. Each method here computes what the
/// operator it replaces computes, bit for bit (HeldScalarsTests), and the rest of Subx uses these instead
/// (a test reads the IL of Subx.Core and fails on any Scalar left to the finalizer). ARCHITECTURE,
/// "Nothing is left to the finalizer". An integer argument picks the `long` overload, so an integer tensor stays
/// one (`n.Plus(2)`); on a float tensor either overload gives the same bits.
/// </summary>
public static class Held
{
    /// <summary>0 as a Scalar that lives as long as the program (a static field holds it).</summary>
    public static Scalar Zero { get; } = 0;
    /// <summary>1 as a Scalar that lives as long as the program.</summary>
    public static Scalar One { get; } = 1;
    /// <summary>2 as a Scalar that lives as long as the program.</summary>
    public static Scalar Two { get; } = 2;

    /// <summary>a + b (TorchSharp's `+` adds with an alpha of 1 it converts itself).</summary>
    public static Tensor Plus(this Tensor a, Tensor b) => a.add(b, One);

    /// <summary>a + v.</summary>
    public static Tensor Plus(this Tensor a, double v) { using Scalar s = v; return a.add(s, One); }

    /// <summary>a + v, for integer tensors that must stay integers.</summary>
    public static Tensor Plus(this Tensor a, long v) { using Scalar s = v; return a.add(s, One); }

    /// <summary>a − v.</summary>
    public static Tensor Minus(this Tensor a, double v) { using Scalar s = v; return a.sub(s); }

    /// <summary>a − v, for integer tensors that must stay integers.</summary>
    public static Tensor Minus(this Tensor a, long v) { using Scalar s = v; return a.sub(s); }

    /// <summary>v − a, for float tensors (as −a + v, which rounds as v − a does).</summary>
    public static Tensor SubtractedFrom(this Tensor a, double v) { using Scalar s = v; return a.neg().add_(s, One); }

    /// <summary>a · v.</summary>
    public static Tensor Times(this Tensor a, double v) { using Scalar s = v; return a.mul(s); }

    /// <summary>a · v, for integer tensors that must stay integers.</summary>
    public static Tensor Times(this Tensor a, long v) { using Scalar s = v; return a.mul(s); }

    /// <summary>a / v (true division, as `/`).</summary>
    public static Tensor DividedBy(this Tensor a, double v) { using Scalar s = v; return a.div(s); }

    /// <summary>a² (TorchSharp's square() is pow(2) with a 2 of its own).</summary>
    public static Tensor Squared(this Tensor a) => a.pow(Two);

    /// <summary>a clamped to [lo, hi].</summary>
    public static Tensor ClampedTo(this Tensor a, double lo, double hi) { using Scalar l = lo, h = hi; return a.clamp(l, h); }

    /// <summary>a clamped to [lo, hi], for integer tensors that must stay integers.</summary>
    public static Tensor ClampedTo(this Tensor a, long lo, long hi) { using Scalar l = lo, h = hi; return a.clamp(l, h); }

    /// <summary>a clamped below at lo.</summary>
    public static Tensor AtLeast(this Tensor a, double lo) { using Scalar l = lo; return a.clamp_min(l); }

    /// <summary>a clamped below at lo, for integer tensors that must stay integers.</summary>
    public static Tensor AtLeast(this Tensor a, long lo) { using Scalar l = lo; return a.clamp_min(l); }

    /// <summary>a clamped above at hi.</summary>
    public static Tensor AtMost(this Tensor a, double hi) { using Scalar h = hi; return a.clamp_max(h); }

    /// <summary>a clamped above at hi, for integer tensors that must stay integers.</summary>
    public static Tensor AtMost(this Tensor a, long hi) { using Scalar h = hi; return a.clamp_max(h); }

    /// <summary>0, 1, …, n − 1 (torch.arange(n), whose 0 and step of 1 TorchSharp converts itself).</summary>
    public static Tensor Arange(long n, ScalarType dtype) { using Scalar stop = n; return arange(Zero, stop, One, dtype); }

    /// <summary>A 1-D float32 tensor of <paramref name="length"/> copies of <paramref name="value"/> (torch.full with a double).</summary>
    public static Tensor Full(long length, double value) { using Scalar v = value; return full(length, v); }
}
