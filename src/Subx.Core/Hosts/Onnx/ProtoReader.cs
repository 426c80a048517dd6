using System.Buffers.Binary;
using System.Text;

namespace Subx.Hosts.Onnx;

/// <summary>
/// Reads the protocol-buffers wire format field by field (varint, 64-bit, length-delimited, 32-bit).
/// ONNX files are protobuf messages; this is all of protobuf that reading one needs, so no generated
/// code and no schema compiler are involved. Malformed input throws <see cref="FormatException"/>.
/// </summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _pos;

    /// <summary>Wire types of the format.</summary>
    public const int Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5;

    /// <summary>Moves to the next field; false at the end of the message.</summary>
    public bool Next(out int field, out int wireType)
    {
        if (_pos >= _data.Length) { field = 0; wireType = 0; return false; }
        ulong key = ReadVarint();
        field = (int)(key >> 3);
        wireType = (int)(key & 7);
        if (field <= 0) throw new FormatException($"protobuf field number {field} at byte {_pos}");
        return true;
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (_pos >= _data.Length) throw new FormatException("protobuf varint runs past the end of the message");
            byte b = _data[_pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return value;
        }
        throw new FormatException("protobuf varint longer than 10 bytes");
    }

    public long ReadInt64() => (long)ReadVarint();

    public float ReadFloat()
    {
        var span = Take(4);
        return BinaryPrimitives.ReadSingleLittleEndian(span);
    }

    /// <summary>The bytes of a length-delimited field (a sub-message, a string, or packed values).</summary>
    public ReadOnlySpan<byte> ReadBytes()
    {
        ulong length = ReadVarint();
        if (length > (ulong)(_data.Length - _pos))
            throw new FormatException($"protobuf field of {length} bytes at byte {_pos}, but only {_data.Length - _pos} remain (truncated file?)");
        return Take((int)length);
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadBytes());

    /// <summary>Skips a field of the given wire type.</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case Varint: ReadVarint(); break;
            case Fixed64: Take(8); break;
            case LengthDelimited: ReadBytes(); break;
            case Fixed32: Take(4); break;
            default: throw new FormatException($"protobuf wire type {wireType} at byte {_pos} (groups and unknown types are not read)");
        }
    }

    /// <summary>Reads a repeated int64 field: packed (one length-delimited run) or one varint.</summary>
    public void ReadInt64s(int wireType, List<long> into)
    {
        if (wireType == LengthDelimited)
        {
            var packed = new ProtoReader(ReadBytes());
            while (packed._pos < packed._data.Length) into.Add(packed.ReadInt64());
        }
        else into.Add(ReadInt64());
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length - _pos)
            throw new FormatException($"protobuf message ends inside a field at byte {_pos} (truncated file?)");
        var span = _data.Slice(_pos, count);
        _pos += count;
        return span;
    }
}
