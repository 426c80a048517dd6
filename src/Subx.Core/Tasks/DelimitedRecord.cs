namespace Subx.Tasks;

/// <summary>One row of a TSV/CSV file: the 1-based line it starts on and its cells.</summary>
internal sealed record DelimitedRecord(int Line, string[] Cells);
