using Subx.Engine;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace Subx.Tests.Engine;

/// <summary>
/// No number reaches libtorch as a Scalar that nothing holds. TorchSharp 0.107 turns a number given where it
/// takes a Scalar — in our code (`t.clamp(0, 1)`) or inside its own (`a + b` calls `add(b, 1)`, `t * 0.5`,
/// optim.Adam's step) — into a Scalar it leaves to the finalizer; once the native call has read the handle
/// the Scalar is garbage, and a collection during the call frees it under libtorch ("Expected false to be
/// true" from c10::Scalar; seen in CI and in a single-threaded harness run). ARCHITECTURE, "Nothing is left to the finalizer".
/// </summary>
public class HeldScalarsTests
{
    private const string TensorName = "TorchSharp.torch+Tensor", ScalarName = "TorchSharp.Scalar";

    /// <summary>A number made a Scalar: the implicit conversion, ToScalar and its half-precision kin.</summary>
    private static bool IsConversion(string callee) =>
        callee.StartsWith("TorchSharp.Scalar::op_Implicit(", StringComparison.Ordinal)
        || System.Text.RegularExpressions.Regex.IsMatch(callee, @"::To\w*Scalar\(");

    /// <summary>
    /// Whether a conversion's Scalar is held: stored in a field (alive as long as its owner), returned (the
    /// caller holds it), or stored in a local that the method disposes (`using`, which keeps it alive to then).
    /// </summary>
    private static bool IsHeld(IlCalls.Call c, HashSet<int> disposedLocals) => c.Stored switch
    {
        "field" or "return" => true,
        string s when s.StartsWith("local ", StringComparison.Ordinal) => disposedLocals.Contains(int.Parse(s[6..])),
        _ => false,
    };

    /// <summary>The methods here that leak on purpose: the finder's fixture and the references Held is compared with.</summary>
    private static readonly string[] DeliberateLeaks = ["::Leaky(", "::LeakyOperators(", "::LeakyAdam(", "::LeakyStep("];

    private static bool IsDeliberate(string leak) =>
        leak.StartsWith(typeof(HeldScalarsTests).FullName + "::", StringComparison.Ordinal) && DeliberateLeaks.Any(d => leak.Contains(d, StringComparison.Ordinal));

    /// <summary>
    /// The TorchSharp methods that make a Scalar nothing holds, directly or through the methods and lambdas
    /// they call: a conversion whose result is not stored is one.
    /// </summary>
    private static (HashSet<string> Leaky, IlCalls TorchSharp) TorchMethodsThatLeaveScalars() => TorchAnalysis.Value;

    /// <summary>TorchSharp's IL read and closed over once for the class's tests.</summary>
    private static readonly Lazy<(HashSet<string> Leaky, IlCalls TorchSharp)> TorchAnalysis = new(AnalyseTorchSharp);

    private static (HashSet<string> Leaky, IlCalls TorchSharp) AnalyseTorchSharp()
    {
        var torchSharp = new IlCalls(typeof(Scalar).Assembly.Location);
        var leaky = torchSharp.Bodies.Where(b => b.Value.Any(c => IsConversion(c.Callee) && !IsHeld(c, torchSharp.DisposedLocals[b.Key]))).Select(b => b.Key).ToHashSet();
        for (bool grew = true; grew;)
        {
            grew = false;
            foreach (var (method, calls) in torchSharp.Bodies)
                if (!leaky.Contains(method) && calls.Any(c => leaky.Contains(c.Callee))) grew = leaky.Add(method);
        }
        return (leaky, torchSharp);
    }

    /// <summary>Every place in an assembly of ours where a Scalar is left to the finalizer, with the reason.</summary>
    private static List<string> Leaks(string assembly, (HashSet<string> Leaky, IlCalls TorchSharp) torch)
    {
        var (leakyTorch, torchSharp) = torch;
        // A virtual call may land in an override in a derived type (optim.Adam's step for Optimizer.step).
        bool AnOverrideLeaks(string callee) => leakyTorch.Any(m =>
            IlCalls.NameAndSignature(m) == IlCalls.NameAndSignature(callee) && torchSharp.DerivesFrom(IlCalls.TypeOf(m), IlCalls.TypeOf(callee)));
        var found = new List<string>();
        var ours = new IlCalls(assembly);
        foreach (var (method, calls) in ours.Bodies)
        {
            foreach (var c in calls)
            {
                if (IsConversion(c.Callee))
                {
                    if (c.Stored is null) found.Add($"{method}: converts with {c.Callee} and holds nothing");
                    else if (!IsHeld(c, ours.DisposedLocals[method])) found.Add($"{method}: converts with {c.Callee} into a {c.Stored} it never disposes (`using`)");
                }
                else if (leakyTorch.Contains(c.Callee))
                    found.Add($"{method}: calls {c.Callee}, which leaves a Scalar to the finalizer");
                else if (c.Virtual && c.Callee.StartsWith("TorchSharp.", StringComparison.Ordinal) && AnOverrideLeaks(c.Callee))
                    found.Add($"{method}: calls {c.Callee}, an override of which leaves a Scalar to the finalizer");
            }
        }
        return found;
    }

    [Fact]
    public void The_finder_sees_the_leaks_it_is_meant_to_find()
    {
        var torch = TorchMethodsThatLeaveScalars();
        var leaky = torch.Leaky;
        // The ones the comment above names, and two that take a Scalar but pass a number of their own.
        Assert.Contains($"{TensorName}::op_Addition({TensorName},{TensorName}):{TensorName}", leaky);
        Assert.Contains($"{TensorName}::op_Multiply({TensorName},Double):{TensorName}", leaky);
        Assert.Contains($"{TensorName}::add({ScalarName}):{TensorName}", leaky);
        Assert.Contains($"{TensorName}::square():{TensorName}", leaky);
        Assert.Contains(leaky, m => m.StartsWith("TorchSharp.Modules.Adam::step(", StringComparison.Ordinal));
        // ... and not the forms Subx uses instead, nor the conversion itself (it hands its Scalar to the caller).
        Assert.DoesNotContain($"{TensorName}::add({TensorName},{ScalarName}):{TensorName}", leaky);
        Assert.DoesNotContain($"{TensorName}::mul({ScalarName}):{TensorName}", leaky);
        Assert.DoesNotContain($"{TensorName}::op_Subtraction({TensorName},{TensorName}):{TensorName}", leaky);
        Assert.DoesNotContain($"{ScalarName}::op_Implicit(Double):{ScalarName}", leaky);

        // This very class leaks on purpose in Leaky below; the finder must say so, in each of the three ways,
        // and must not take the disposed scope there for the Scalar's `using`.
        var here = Leaks(typeof(HeldScalarsTests).Assembly.Location, torch).Where(l => l.Contains("HeldScalarsTests::Leaky(", StringComparison.Ordinal)).ToList();
        Assert.Contains(here, l => l.Contains("holds nothing", StringComparison.Ordinal));
        Assert.Contains(here, l => l.Contains("op_Addition", StringComparison.Ordinal));
        Assert.Contains(here, l => l.Contains("never disposes", StringComparison.Ordinal));
        Assert.Equal(3, here.Count);
    }

    /// <summary>Three leaks for the finder to find; never called.</summary>
    private static Tensor Leaky(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();   // a disposed local, but not the Scalar's
        var clamped = a.clamp_min(0.5);        // a number where a Scalar goes: nothing holds it
        Scalar two = 2;                        // held by a local no `using` disposes: dead once read
        return (clamped + b).mul(two).MoveToOuterDisposeScope(); // Tensor + Tensor: TorchSharp's add(b, 1) makes its own
    }

    [Fact]
    public void No_code_of_ours_leaves_a_Scalar_to_the_finalizer()
    {
        var torch = TorchMethodsThatLeaveScalars();
        var leaks = new[] { typeof(Subx.Training.Adam).Assembly.Location, typeof(HeldScalarsTests).Assembly.Location }
            .SelectMany(a => Leaks(a, torch))
            .Where(l => !IsDeliberate(l))
            .Order(StringComparer.Ordinal).ToList();
        Assert.True(leaks.Count == 0, $"{leaks.Count} places leave a TorchSharp Scalar to the finalizer (use Subx.Engine.Held):\n" + string.Join("\n", leaks));
    }

    [Fact]
    public void Held_arithmetic_computes_what_torch_operators_compute_bit_for_bit()
    {
        using var _ = NewDisposeScope();
        var a = randn(new long[] { 256 }, generator: new Generator(1));
        var b = randn(new long[] { 256 }, generator: new Generator(2));
        var n = randint(0, 100, new long[] { 256 }, dtype: ScalarType.Int64, generator: new Generator(3));
        var held = new[]
        {
            a.Plus(b), a.Plus(0.3), a.Minus(0.3), a.SubtractedFrom(1), a.Times(0.7), a.DividedBy(3),
            a.Squared(), a.ClampedTo(-0.5, 0.5), a.AtLeast(-0.2), a.AtMost(0.2), n.Plus(2), n.Times(3),
            n.AtLeast(10), n.AtMost(90), Held.Arange(7, ScalarType.Int64), Held.Arange(7, ScalarType.Float32), Held.Full(5, 0.1),
        };
        var reference = WithoutCollections(() => LeakyOperators(a, b, n));
        Assert.Equal(reference.Length, held.Length);
        for (int i = 0; i < held.Length; i++)
        {
            Assert.Equal(reference[i].dtype, held[i].dtype);
            Assert.True(reference[i].eq(held[i]).all().item<bool>(), $"form {i} differs from the operator it replaces");
        }
    }

    /// <summary>The operators Held replaces, as TorchSharp runs them (leaving their Scalars to the finalizer).</summary>
    private static Tensor[] LeakyOperators(Tensor a, Tensor b, Tensor n) =>
    [
        a + b, a + 0.3, a - 0.3, 1 - a, a * 0.7, a / 3,
        a.square(), a.clamp(-0.5, 0.5), a.clamp_min(-0.2), a.clamp_max(0.2), n + 2, n * 3,
        n.clamp_min(10), n.clamp_max(90), arange(7, ScalarType.Int64), arange(7, ScalarType.Float32), full(5, 0.1),
    ];

    [Fact]
    public void TorchAdam_moves_parameters_exactly_as_optim_Adam()
    {
        using var _ = NewDisposeScope();
        // The third parameter gets no gradient: both leave it alone.
        Parameter[] Fresh() => [new Parameter(randn(new long[] { 5, 3 }, generator: new Generator(4))), new Parameter(randn(new long[] { 3 }, generator: new Generator(5))), new Parameter(randn(new long[] { 2 }, generator: new Generator(7)))];
        var (ours, theirs) = (Fresh(), Fresh());
        var x = randn(new long[] { 8, 5 }, generator: new Generator(6));
        using var adam = new TorchAdam(ours, 0.01);
        var reference = LeakyAdam(theirs, 0.01);
        for (int step = 0; step < 25; step++)
        {
            if (step == 10) { adam.LearningRate = 0.003; foreach (var g in reference.ParamGroups) g.LearningRate = 0.003; }
            adam.ZeroGrad(); reference.zero_grad();
            Loss(ours, x).backward(); Loss(theirs, x).backward();
            adam.Step(); WithoutCollections(() => { LeakyStep(reference); return 0; });
            for (int i = 0; i < ours.Length; i++)
                Assert.True(ours[i].eq(theirs[i]).all().item<bool>(), $"parameter {i} differs after step {step + 1}");
        }

        static Tensor Loss(Parameter[] p, Tensor x) => nn.functional.linear(x, p[0].t(), p[1]).tanh().pow(Held.Two).sum();
    }

    /// <summary>TorchSharp's own Adam, the reference (its step leaves Scalars to the finalizer).</summary>
    private static optim.Optimizer LeakyAdam(Parameter[] parameters, double learningRate) => optim.Adam(parameters, lr: learningRate);

    private static void LeakyStep(optim.Optimizer optimizer) => optimizer.step();

    /// <summary>
    /// Runs a reference that leaves Scalars to the finalizer with no collection possible meanwhile, so that
    /// the test of the fix cannot itself crash the way it guards against.
    /// </summary>
    private static T WithoutCollections<T>(Func<T> reference)
    {
        bool started = GC.TryStartNoGCRegion(16 << 20);
        try { return reference(); }
        finally { if (started && System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion) GC.EndNoGCRegion(); }
    }
}
