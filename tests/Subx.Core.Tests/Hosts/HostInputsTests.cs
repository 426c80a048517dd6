using Subx.Hosts;
using static TorchSharp.torch;

namespace Subx.Tests.Hosts;

public class HostInputsTests
{
    [Fact]
    public void Stacking_text_inputs_pads_rows_and_tokens_with_masked_zeros()
    {
        using var _ = NewDisposeScope();
        var a = new HostInputs(ones(2, 3, 4), ones(2, 3, ScalarType.Int64));   // 2 rows of 3 tokens
        var b = new HostInputs(ones(1, 5, 4).Times(2L), ones(1, 5, ScalarType.Int64)); // 1 row of 5 tokens
        var s = HostInputs.Stack([a, b]);
        Assert.Equal([2L, 2, 5, 4], s.X.shape);
        Assert.Equal([2L, 2, 5], s.Mask!.shape);
        Assert.Equal(6L, s.Mask[0].sum().item<long>());          // a's 2 × 3 real tokens
        Assert.Equal(5L, s.Mask[1].sum().item<long>());          // b's one row of 5; its padded row is all masked
        Assert.Equal(0f, s.X[0, 0, 3].abs().sum().item<float>()); // padded tokens are zeros
        Assert.Equal(0f, s.X[1, 1].abs().sum().item<float>());    // padded rows too
    }

    [Fact]
    public void Stacking_feature_inputs_pads_rows_only()
    {
        using var _ = NewDisposeScope();
        var s = HostInputs.Stack([new HostInputs(ones(3, 2), null), new HostInputs(ones(1, 2), null)]);
        Assert.Equal([2L, 3, 2], s.X.shape);
        Assert.Null(s.Mask);
        Assert.Equal(2f, s.X[1].sum().item<float>());
    }
}
