namespace Subx.Tests.Hosts;

/// <summary>Writes minimal ONNX files by hand (protobuf wire format), for loader tests.</summary>
public static class TinyOnnx
{
    /// <summary>A model with input "x", a 2×2 float initializer "W", and one MatMul node writing "y".</summary>
    public static byte[] MatMulModel()
    {
        var w = Message(Varints(1, 2, 2), Field(2, 1), Bytes(8, "W"u8.ToArray()), Bytes(9, new float[] { 1, 2, 3, 4 }.SelectMany(BitConverter.GetBytes).ToArray()));
        var node = Message(Bytes(1, "x"u8.ToArray()), Bytes(1, "W"u8.ToArray()), Bytes(2, "y"u8.ToArray()), Bytes(4, "MatMul"u8.ToArray()));
        var input = Message(Bytes(1, "x"u8.ToArray()));
        var output = Message(Bytes(1, "y"u8.ToArray()));
        var graph = Message(Bytes(1, node), Bytes(5, w), Bytes(11, input), Bytes(12, output));
        return Message(Field(1, 7), Bytes(7, graph));
    }

    private static byte[] Message(params byte[][] fields) => fields.SelectMany(f => f).ToArray();
    private static byte[] Field(int number, ulong value) => [.. Varint((ulong)(number << 3)), .. Varint(value)];
    private static byte[] Varints(int number, params ulong[] values) => values.SelectMany(v => Field(number, v)).ToArray();
    private static byte[] Bytes(int number, byte[] data) => [.. Varint((ulong)(number << 3 | 2)), .. Varint((ulong)data.Length), .. data];

    private static byte[] Varint(ulong v)
    {
        var bytes = new List<byte>();
        do { byte b = (byte)(v & 0x7F); v >>= 7; bytes.Add(v == 0 ? b : (byte)(b | 0x80)); } while (v != 0);
        return [.. bytes];
    }
}
