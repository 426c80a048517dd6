using System.Text;

namespace Subx.Tasks;

/// <summary>Splits TSV (tabs, no quoting) and CSV (RFC 4180 quoting) text into records, skipping blank lines.</summary>
internal static class DelimitedParser
{
    /// <summary>Tab-separated: one record per line, no quoting; a trailing carriage return is dropped.</summary>
    public static List<DelimitedRecord> ParseTsv(string text)
    {
        var records = new List<DelimitedRecord>();
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].EndsWith('\r') ? lines[i][..^1] : lines[i];
            if (string.IsNullOrWhiteSpace(line)) continue;
            records.Add(new DelimitedRecord(i + 1, line.Split('\t')));
        }
        return records;
    }

    /// <summary>
    /// Comma-separated with RFC 4180 quoting: a field that starts with a quote runs to the matching quote,
    /// may hold commas and line breaks, and writes a quote as two quotes.
    /// </summary>
    /// <param name="text">The file's content.</param>
    /// <param name="where">The file, for error messages.</param>
    public static List<DelimitedRecord> ParseCsv(string text, string where)
    {
        var records = new List<DelimitedRecord>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        bool anyQuoted = false;
        int line = 1;
        int recordLine = 1;
        int i = 0;

        void EndRecord()
        {
            cells.Add(cell.ToString());
            cell.Clear();
            bool blank = !anyQuoted && cells.Count == 1 && string.IsNullOrWhiteSpace(cells[0]);
            if (!blank) records.Add(new DelimitedRecord(recordLine, [.. cells]));
            cells.Clear();
            anyQuoted = false;
        }

        while (i < text.Length)
        {
            char ch = text[i];
            if (ch == '"' && cell.Length == 0)
            {
                // A quoted field: read to the closing quote.
                anyQuoted = true;
                int openLine = line;
                i++;
                while (true)
                {
                    if (i >= text.Length)
                        throw SubxException.Bad($"{where} line {openLine}", $"column {cells.Count + 1}",
                            "a closing quote for the quoted field that starts here", "the end of the file");
                    char q = text[i];
                    if (q == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    if (q == '\n') line++;
                    cell.Append(q);
                    i++;
                }
                // After the closing quote only a separator or a line end may follow.
                if (i < text.Length && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
                    throw SubxException.Bad($"{where} line {line}", $"column {cells.Count + 1}",
                        "a comma or the end of the line after a closing quote", $"'{text[i]}'");
                continue;
            }
            if (ch == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
                i++;
                continue;
            }
            if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n') { i++; continue; }
            if (ch == '\n')
            {
                EndRecord();
                line++;
                recordLine = line;
                i++;
                continue;
            }
            cell.Append(ch);
            i++;
        }
        if (cells.Count > 0 || cell.Length > 0 || anyQuoted) EndRecord();
        return records;
    }
}
