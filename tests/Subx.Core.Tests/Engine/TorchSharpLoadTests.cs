using TorchSharp;
using static TorchSharp.torch;

namespace Subx.Tests.Engine;

public class TorchSharpLoadTests
{
    [Fact]
    public void NativeLibraryLoadsAndComputes()
    {
        // Fails with a DllNotFoundException/TypeInitializationException if the build did not
        // make libLibTorchSharp.so loadable on this system (build/PatchTorchSharp.targets).
        using var a = tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        using var b = a.matmul(a);
        Assert.Equal(new float[] { 7, 10, 15, 22 }, b.data<float>().ToArray());
    }
}
