using System.Diagnostics;
using System.Globalization;
using Subx.Hosts;
using Subx.Scoring;
using TorchSharp;

// The benchmark harness (not tests): prints Markdown tables for docs/BENCHMARKS.md.
//   dotnet run -c Release --project bench/Subx.Bench -- signal     ZOO_DIR [SEEDS [STEPS LR HEAD_INIT_SCALE]]
//   dotnet run -c Release --project bench/Subx.Bench -- throughput ZOO_DIR [RUNS]
//   dotnet run -c Release --project bench/Subx.Bench -- zoo-build  [RUNS]
//   dotnet run -c Release --project bench/Subx.Bench -- se-memory  [CHUNK [UNITS...]]
//   dotnet run -c Release --project bench/Subx.Bench -- se-schedule  ZOO_DIR RUN_ROOT ITERATIONS FINAL_B [START]
//   dotnet run -c Release --project bench/Subx.Bench -- se-diversity ZOO_DIR RUN_ROOT ITERATIONS C
//   dotnet run -c Release --project bench/Subx.Bench -- text-bench  HOST RUN_ROOT SIZE EXTRACTORS [TASKS...]
//   dotnet run -c Release --project bench/Subx.Bench -- text-timing HOST TASKS SIZE JOBS RUNS [MAX_BATCH]
//   dotnet run -c Release --project bench/Subx.Bench -- text-budget HOST TASK LRS BATCH STEPS
//   dotnet run -c Release --project bench/Subx.Bench -- knockout-timing HOST TASKS ROWS RUNS
//   dotnet run -c Release --project bench/Subx.Bench -- se-study   ZOO_DIR RUN_ROOT TRAIN_ITERATIONS PER_TASK_ITERATIONS [HELD_OUT]
//   dotnet run -c Release --project bench/Subx.Bench -- text-prior   HOST SIZE LAMBDAS [TASKS...]
//   dotnet run -c Release --project bench/Subx.Bench -- text-rejudge HOST RUN_ROOT SIZE SEEDS TASK EXTRACTORS (se+continue@RATE: at that budget rate; NAME#S: extracted with seed S; se*K: its gates averaged over K fits)
//   dotnet run -c Release --project bench/Subx.Bench -- text-mix     HOST SIZE MUS [TASKS...]
//   dotnet run -c Release --project bench/Subx.Bench -- zoo-rejudge  ZOO_DIR POLICY_RUN REPEATS SCORER_SEED
//   dotnet run -c Release --project bench/Subx.Bench -- zoo-oracle   ZOO_DIR SEARCH_REPEATS ROUNDS [TASKS...]
//   dotnet run -c Release --project bench/Subx.Bench -- zoo-mask-avg ZOO_DIR FITS SEEDS (the mask's log α averaged over FITS fits, benched per seed)
//   dotnet run -c Release --project bench/Subx.Bench -- zoo-mix      ZOO_DIR REPEATS SCORER_SEED
//   dotnet run -c Release --project bench/Subx.Bench -- zoo-parts    ZOO_DIR POLICY_RUN TASK
//   dotnet run -c Release --project bench/Subx.Bench -- zoo-continue ZOO_DIR POLICY_RUN TASK ITERATIONS LRS (e.g. 0.01,0.01@linear) [SIZE, default the truth's]
//   dotnet run -c Release --project bench/Subx.Bench -- cli-scope [--groups FILE] SUBX_ARGS... (what a command leaves in its dispose scope)
//   dotnet run -c Release --project bench/Subx.Bench -- torch-threads [SECONDS] [ZOO] [ROWS, e.g. torch-adam,scorer,se] [SE RUN, for se]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
torch.set_num_threads(Environment.ProcessorCount);
if (args.Length == 0) { Console.Error.WriteLine("usage: signal ZOO_DIR [SEEDS] | throughput ZOO_DIR [RUNS] | zoo-build [RUNS]"); return 2; }
Console.WriteLine($"<!-- {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}, command: {string.Join(' ', args)} -->");
switch (args[0])
{
    case "signal": Signal(Zoo.Load(args[1]), args.Length > 2 ? int.Parse(args[2]) : 3, args.Length > 5
        ? new ScorerConfig { Steps = int.Parse(args[3]), LearningRate = double.Parse(args[4]), Assister = new Subx.Assister.AssisterConfig { HeadInitScale = double.Parse(args[5]) } }
        : new ScorerConfig()); break;
    case "throughput": Throughput(Zoo.Load(args[1]), args.Length > 2 ? int.Parse(args[2]) : 5); break;
    case "zoo-build": ZooBuild(args.Length > 1 ? int.Parse(args[1]) : 3); break;
    case "se-study": SeStudy.Run(args[1], args[2], int.Parse(args[3]), int.Parse(args[4]), args.Length > 5 ? int.Parse(args[5]) : 2); break;
    case "se-schedule": SeKnobs.Schedule(args[1], args[2], int.Parse(args[3]), double.Parse(args[4]), args.Length > 5 ? int.Parse(args[5]) : 0); break;
    case "se-seeds": SeSeeds.Run(args[1], args[2], args[3].Split(','), args[4].Split(',').Select(int.Parse).ToArray()); break;
    case "se-diversity": SeKnobs.Diversity(args[1], args[2], int.Parse(args[3]), double.Parse(args[4])); break;
    case "se-memory": SeMemory.Run(args.Skip(1).Select(int.Parse).ToArray()); break;
    case "knockout-timing": KnockoutTiming.Run(args[1], args[2].Split(','), int.Parse(args[3]), int.Parse(args[4])); break;
    case "text-timing": TextTiming.Run(args[1], args[2].Split(','), double.Parse(args[3]), int.Parse(args[4]), int.Parse(args[5]), args.Length > 6 ? int.Parse(args[6]) : 0); break;
    case "text-bench": TextBench.Run(args[1], args[2], double.Parse(args[3]), args[4], args.Skip(5).ToArray()); break;
    case "text-budget": TextBudget.Run(args[1], args[2], args[3].Split(',').Select(double.Parse).ToArray(), int.Parse(args[4]), int.Parse(args[5])); break;
    case "text-prior": TextPrior.Run(args[1], double.Parse(args[2]), args[3].Split(',').Select(double.Parse).ToArray(), args.Skip(4).ToArray()); break;
    case "text-rejudge": TextRejudge.Run(args[1], args[2], double.Parse(args[3]), args[4].Split(',').Select(int.Parse).ToArray(), args[5], args[6].Split(',')); break;
    case "text-mix": TextMix.Run(args[1], double.Parse(args[2]), args[3].Split(',').Select(double.Parse).ToArray(), args.Skip(4).ToArray()); break;
    case "zoo-oracle": ZooOracle.Run(args[1], int.Parse(args[2]), int.Parse(args[3]), args.Skip(4).ToArray()); break;
    case "zoo-rejudge": ZooRejudge.Run(args[1], args[2], int.Parse(args[3]), int.Parse(args[4])); break;
    case "zoo-mask-avg": ZooMaskAverage.Run(args[1], int.Parse(args[2]), args[3].Split(',').Select(int.Parse).ToArray()); break;
    case "zoo-mix": ZooMix.Run(args[1], int.Parse(args[2]), int.Parse(args[3])); break;
    case "zoo-parts": ZooParts.Run(args[1], args[2], args[3]); break;
    case "zoo-continue": ZooContinue.Run(args[1], args[2], args[3], int.Parse(args[4]), args[5].Split(','), args.Length > 6 ? double.Parse(args[6]) : null); break;
    case "torch-threads": TorchThreads.Run(args.Length > 1 ? double.Parse(args[1]) : 60, args.Length > 2 ? args[2] : null,
        args.Length > 3 ? args[3].Split(',') : args.Length > 2 ? TorchThreads.Rows[..^1] : TorchThreads.Rows[..^2], args.Length > 4 ? args[4] : null); break;
    case "cli-scope":
        Console.WriteLine(CliScope.Header);
        if (args.Length > 2 && args[1] == "--groups") CliScope.Run(args[3..], args[2]); else CliScope.Run(args[1..], null);
        break;
    case "se-memory-one": SeMemory.One(int.Parse(args[1]), int.Parse(args[2]), args.Length > 3 ? int.Parse(args[3]) : 1); break;
    default: Console.Error.WriteLine($"unknown benchmark '{args[0]}'"); return 2;
}
return 0;

// The reward has signal when, on every task, the assister with the task's true units scores well
// above every control and above every other task's units, under one budget for all.
static void Signal(Zoo zoo, int seeds, ScorerConfig config)
{
    var scorer = new Scorer(zoo.Host, config);
    int n = zoo.Tasks.Count;
    var sum = new double[n, n + 3];
    for (int seed = 0; seed < seeds; seed++)
    {
        var jobs = new List<ScoreJob>();
        for (int t = 0; t < n; t++)
        {
            jobs.AddRange(zoo.Tasks.Select(u => new ScoreJob(u.Truth, zoo.Tasks[t].Data, seed)));
            jobs.AddRange(Scorer.ControlJobs(zoo.Tasks[t].Truth, zoo.Tasks[t].Data, seed)[1..]);
        }
        var s = scorer.Score(jobs);
        for (int t = 0; t < n; t++) for (int c = 0; c < n + 3; c++) sum[t, c] += s[t * (n + 3) + c] / seeds;
    }
    Console.WriteLine($"Scorer: {scorer.Config.Steps} steps, batch {scorer.Config.BatchSize}, lr {scorer.Config.LearningRate}, head init scale {scorer.Config.Assister.HeadInitScale}, {scorer.Config.Repeats} repeats; mean of {seeds} seeds. Rows: task T; columns: whose true units the assister receives, then the controls.\n");
    Console.WriteLine("| T \\ units | " + string.Join(" | ", zoo.Tasks.Select(t => t.Name)) + " | no subnet | re-initialised | random, same size | margin |");
    Console.WriteLine("|---|" + string.Concat(Enumerable.Repeat("---:|", n + 4)));
    for (int t = 0; t < n; t++)
    {
        double own = sum[t, t], best = Enumerable.Range(0, n + 3).Where(c => c != t).Max(c => sum[t, c]);
        Console.WriteLine($"| {zoo.Tasks[t].Name} | " + string.Join(" | ", Enumerable.Range(0, n + 3).Select(c => c == t ? $"**{sum[t, c]:F2}**" : $"{sum[t, c]:F2}")) + $" | {own - best:+0.00;-0.00} |");
    }
}

// Fine-tunes per second, batched against one by one, measured in the same run; medians of RUNS.
static void Throughput(Zoo zoo, int runs)
{
    var scorer = new Scorer(zoo.Host, new ScorerConfig { Repeats = 1 });
    var jobs = zoo.Tasks.SelectMany(t => Scorer.ControlJobs(t.Truth, t.Data, 0)).ToArray(); // 4 per task
    scorer.Score(jobs); // warm-up
    var batched = new List<double>(); var single = new List<double>();
    for (int r = 0; r < runs; r++)
    {
        var sw = Stopwatch.StartNew(); scorer.Score(jobs); batched.Add(sw.Elapsed.TotalSeconds);
        sw.Restart(); foreach (var j in jobs) scorer.Score(j); single.Add(sw.Elapsed.TotalSeconds);
    }
    double b = Stats.Median(batched), s = Stats.Median(single);
    Console.WriteLine($"| jobs | steps | batched: s (fine-tunes/s) | one by one: s (fine-tunes/s) | speed-up |\n|---:|---:|---:|---:|---:|");
    Console.WriteLine($"| {jobs.Length} | {scorer.Config.Steps} | {b:F2} ({jobs.Length / b:F0}) | {s:F2} ({jobs.Length / s:F0}) | {s / b:F1}× |");
}

static void ZooBuild(int runs)
{
    var times = new List<double>();
    for (int r = 0; r < runs; r++) { var sw = Stopwatch.StartNew(); Zoo.Build(new ZooConfig()); times.Add(sw.Elapsed.TotalSeconds); }
    Console.WriteLine($"Default zoo build (train {new ZooConfig().TrainSteps} steps, checks): median {Stats.Median(times):F1} s over {runs} runs ({string.Join(", ", times.Select(t => t.ToString("F1")))}).");
}

