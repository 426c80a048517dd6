using static TorchSharp.torch;

namespace Subx.Hosts;

/// <summary>Weight initialisations shared by hosts, assisters and extractors.</summary>
public static class Init
{
    /// <summary>PyTorch's nn.Linear default, kaiming_uniform(a = √5), in closed form: U(−1/√fan_in, 1/√fan_in), [fanOut, fanIn].</summary>
    public static Tensor LinearDefault(int fanOut, int fanIn, Generator gen) =>
        rand(new long[] { fanOut, fanIn }, generator: gen).Times(2L).Minus(1).Times(1.0 / Math.Sqrt(fanIn));
}
