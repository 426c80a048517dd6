using System.Text;
using Subx.Runs;

namespace Subx.Tests.Runs;

/// <summary>
/// The event files TensorBoard reads, checked with TorchSharp's own generated `Tensorboard.Event`
/// parser as the reference decoder, and the metrics log that writes them.
/// </summary>
public class TensorBoardEventsTests
{
    [Fact]
    public void Crc32C_matches_the_standard_check_value()
    {
        Assert.Equal(0xE3069283u, TensorBoardEvents.Crc32C(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(0u, TensorBoardEvents.Crc32C([]));
    }

    [Fact]
    public void Records_decode_as_tensorflow_events()
    {
        using var dir = new TempDir();
        string path = dir.File(TensorBoardEvents.FileName);
        File.WriteAllBytes(path, [
            .. TensorBoardEvents.FileVersionRecord(1_700_000_000.25),
            .. TensorBoardEvents.ScalarsRecord(1_700_000_001.5, 300, [("charts/reward", 0.25f), ("truth/auc", -1.5f)]),
        ]);
        var events = TensorBoardEvents.ReadRecords(path).Select(Tensorboard.Event.Parser.ParseFrom).ToList();

        Assert.Equal(2, events.Count);
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.Equal(1_700_000_000.25, events[0].WallTime);
        Assert.Equal(300, events[1].Step);
        Assert.Equal(1_700_000_001.5, events[1].WallTime);
        Assert.Equal(["charts/reward", "truth/auc"], events[1].Summary.Value.Select(v => v.Tag));
        Assert.Equal([0.25f, -1.5f], events[1].Summary.Value.Select(v => v.SimpleValue));
    }

    [Fact]
    public void A_record_cut_short_ends_the_file_and_a_wrong_checksum_is_named()
    {
        using var dir = new TempDir();
        string path = dir.File("events.out.tfevents.test");
        var one = TensorBoardEvents.ScalarsRecord(1, 1, [("a", 1f)]);
        File.WriteAllBytes(path, [.. one, .. one.AsSpan(0, one.Length - 3)]);
        Assert.Single(TensorBoardEvents.ReadRecords(path));

        var bad = one.ToArray();
        bad[14] ^= 1; // a payload byte
        File.WriteAllBytes(path, bad);
        var e = Assert.Throws<SubxException>(() => TensorBoardEvents.ReadRecords(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("record 0", e.Message);
    }

    [Fact]
    public void The_metrics_log_writes_every_iteration_once_even_after_a_resume()
    {
        using var dir = new TempDir();
        static Dictionary<string, object> Metrics(int iteration, string task) => new()
        {
            ["iteration"] = iteration, ["task"] = task, ["charts/reward"] = 0.1 * iteration, ["charts/entropy"] = 0.5,
        };
        var log = new MetricsLog(dir.Path, 0);
        for (int i = 1; i <= 3; i++) log.Append(Metrics(i, i % 2 == 0 ? "b" : "a"));

        // Resumed from a checkpoint at iteration 2: iteration 3 is dropped, then run again.
        var resumed = new MetricsLog(dir.Path, 2);
        resumed.Append(Metrics(3, "a"));

        var events = TensorBoardEvents.ReadRecords(dir.File(TensorBoardEvents.FileName)).Select(Tensorboard.Event.Parser.ParseFrom).ToList();
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.Equal([1L, 2L, 3L], events.Skip(1).Select(e => e.Step));
        var third = events[3].Summary.Value.ToDictionary(v => v.Tag, v => v.SimpleValue);
        Assert.Equal(["charts/reward", "charts/entropy", "by_task/a/reward"], third.Keys);
        Assert.Equal(0.3f, third["charts/reward"], 6);
        Assert.Equal(0.2f, events[2].Summary.Value.Single(v => v.Tag == "by_task/b/reward").SimpleValue, 6);
        // The kept iterations keep the time they were first written at.
        var lines = File.ReadAllLines(dir.File(MetricsLog.JsonlFile));
        Assert.Equal(3, lines.Length);
        double firstTime = System.Text.Json.JsonDocument.Parse(lines[0]).RootElement.GetProperty("time").GetDouble();
        Assert.Equal(firstTime, events[1].WallTime);
        Assert.InRange(firstTime, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        Assert.Equal(4, File.ReadAllLines(dir.File(MetricsLog.CsvFile)).Length);
    }
}
