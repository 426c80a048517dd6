using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Subx.Runs;

/// <summary>
/// TensorBoard's event file, scalars only: a TFRecord stream of `tensorflow.Event` protocol buffers,
/// the format `torch.utils.tensorboard.SummaryWriter` writes and `tensorboard --logdir` reads.
/// Each record is a little-endian uint64 length, the masked CRC-32C of those 8 bytes, the payload,
/// and the masked CRC-32C of the payload. The first event carries the file version; every other
/// one a step, a wall time and a summary of (tag, float) values.
/// </summary>
/// <remarks>
/// The protocol buffers are encoded here by hand (a handful of fields) so that the run folder does
/// not depend on an engine's internal classes. The tests decode our files with TorchSharp's own
/// generated `Tensorboard.Event` parser as the reference.
/// </remarks>
public static class TensorBoardEvents
{
    /// <summary>The event file's name in a run folder (TensorBoard reads every file whose name holds "tfevents").</summary>
    public const string FileName = "events.out.tfevents.subx";

    /// <summary>The record that opens every event file: the file version, "brain.Event:2".</summary>
    public static byte[] FileVersionRecord(double wallTime)
    {
        var e = new ProtoWriter();
        e.Double(1, wallTime);
        e.String(3, "brain.Event:2");
        return Record(e.ToArray());
    }

    /// <summary>One record of scalars at one step (an iteration), each a (tag, value) pair.</summary>
    public static byte[] ScalarsRecord(double wallTime, long step, IEnumerable<(string Tag, float Value)> values)
    {
        var summary = new ProtoWriter();
        foreach (var (tag, value) in values)
        {
            var v = new ProtoWriter();
            v.String(1, tag);
            v.Float(2, value);
            summary.Message(1, v);
        }
        var e = new ProtoWriter();
        e.Double(1, wallTime);
        e.Int64(2, step);
        e.Message(5, summary);
        return Record(e.ToArray());
    }

    /// <summary>Frames a payload as one TFRecord.</summary>
    public static byte[] Record(ReadOnlySpan<byte> payload)
    {
        var record = new byte[8 + 4 + payload.Length + 4];
        var span = record.AsSpan();
        BinaryPrimitives.WriteUInt64LittleEndian(span, (ulong)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], MaskedCrc32C(span[..8]));
        payload.CopyTo(span[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(span[(12 + payload.Length)..], MaskedCrc32C(payload));
        return record;
    }

    /// <summary>
    /// The payloads of every record of an event file, in order, each checked against its two CRCs.
    /// A record cut short at the end (a process killed mid-write) ends the list; a wrong CRC is an error that names the file and the record.
    /// </summary>
    public static IReadOnlyList<byte[]> ReadRecords(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var payloads = new List<byte[]>();
        int at = 0;
        while (at + 12 <= bytes.Length)
        {
            var span = bytes.AsSpan(at);
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(span);
            if (BinaryPrimitives.ReadUInt32LittleEndian(span[8..]) != MaskedCrc32C(span[..8]))
                throw new SubxException($"{path}: record {payloads.Count}: expected the masked CRC-32C of its length, found another value");
            if (length > (ulong)(span.Length - 16)) break;
            var payload = span.Slice(12, (int)length);
            if (BinaryPrimitives.ReadUInt32LittleEndian(span[(12 + (int)length)..]) != MaskedCrc32C(payload))
                throw new SubxException($"{path}: record {payloads.Count}: expected the masked CRC-32C of its {length} bytes, found another value");
            payloads.Add(payload.ToArray());
            at += 16 + (int)length;
        }
        return payloads;
    }

    /// <summary>CRC-32C (Castagnoli) of <paramref name="data"/>, rotated and offset as TFRecord masks it.</summary>
    public static uint MaskedCrc32C(ReadOnlySpan<byte> data)
    {
        uint crc = Crc32C(data);
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
    }

    /// <summary>CRC-32C (Castagnoli), the checksum TFRecord uses; "123456789" gives 0xE3069283.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        uint crc = ~0u;
        foreach (byte b in data) crc = BitOperations.Crc32C(crc, b);
        return ~crc;
    }

    /// <summary>Just enough of the protocol-buffer wire format for an Event: varints, 64- and 32-bit fixed fields, and length-delimited fields.</summary>
    private sealed class ProtoWriter
    {
        private readonly MemoryStream _out = new();

        public byte[] ToArray() => _out.ToArray();

        public void Double(int field, double value)
        {
            Tag(field, 1);
            Span<byte> b = stackalloc byte[8];
            BinaryPrimitives.WriteDoubleLittleEndian(b, value);
            _out.Write(b);
        }

        public void Float(int field, float value)
        {
            Tag(field, 5);
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteSingleLittleEndian(b, value);
            _out.Write(b);
        }

        public void Int64(int field, long value)
        {
            Tag(field, 0);
            Varint((ulong)value);
        }

        public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

        public void Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

        private void Bytes(int field, byte[] bytes)
        {
            Tag(field, 2);
            Varint((ulong)bytes.Length);
            _out.Write(bytes);
        }

        private void Tag(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

        private void Varint(ulong value)
        {
            while (value >= 0x80)
            {
                _out.WriteByte((byte)(value | 0x80));
                value >>= 7;
            }
            _out.WriteByte((byte)value);
        }
    }
}
