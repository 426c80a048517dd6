using Subx.Cli;
using static TorchSharp.torch;

// Scoring and zoo training are CPU-bound tensor work: give libtorch every core.
set_num_threads(Environment.ProcessorCount);
return SubxApp.Run(args, Console.Out, Console.Error, outIsTerminal: !Console.IsOutputRedirected, errIsTerminal: !Console.IsErrorRedirected);
