namespace Subx.Cli.Common;

/// <summary>
/// Checks a path the command will write, before any work starts: an output that cannot be written
/// must fail at once, not after an hour of extraction.
/// </summary>
internal static class OutputPath
{
    /// <summary>
    /// Why <paramref name="path"/> cannot be written as a folder (<paramref name="folder"/>) or a file,
    /// in the CLI's error form, or null if nothing stands in the way: the path itself must not be the
    /// other kind, and no folder on the way to it may be a file.
    /// </summary>
    public static string? Problem(string option, string path, bool folder)
    {
        if (string.IsNullOrWhiteSpace(path)) return $"{option}: expected a {(folder ? "folder" : "file")} to write, found nothing.";
        if (folder && File.Exists(path)) return $"{option}: expected a folder, found the file '{path}'.";
        if (!folder && Directory.Exists(path)) return $"{option}: expected a file to write, found the folder '{path}'.";
        for (string? parent = Path.GetDirectoryName(Path.GetFullPath(path)); !string.IsNullOrEmpty(parent); parent = Path.GetDirectoryName(parent))
        {
            if (Directory.Exists(parent)) return null;
            if (File.Exists(parent)) return $"{option}: expected a path whose folders can be created, found the file '{parent}' on the way to '{path}'.";
        }
        return null;
    }
}
