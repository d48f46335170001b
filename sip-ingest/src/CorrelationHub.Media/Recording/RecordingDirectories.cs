namespace CorrelationHub.Media.Recording;

/// <summary>
/// Creates files in the dated recording folders, making the folder only when the create finds it missing: at
/// hundreds of calls a second, a mkdir and a stat before every file are system calls the disk never needed.
/// A create that finds no folder fails with ENOENT, which .NET reports as DirectoryNotFoundException only if the
/// folder is still missing when it looks; when another thread has just made it, the same failure comes as
/// FileNotFoundException. Creating a file cannot fail for a missing file, so both mean the folder.
/// </summary>
public static class RecordingDirectories
{
    /// <summary>A new file, opened for writing (fails if it exists).</summary>
    public static FileStream CreateNew(string path, int bufferSize)
    {
        try
        {
            return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize);
        }
        catch (Exception ex) when (ex is DirectoryNotFoundException or FileNotFoundException)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize);
        }
    }

    /// <summary>Writes (or replaces) a small file.</summary>
    public static void Write(string path, byte[] bytes)
    {
        try
        {
            File.WriteAllBytes(path, bytes);
        }
        catch (Exception ex) when (ex is DirectoryNotFoundException or FileNotFoundException)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllBytes(path, bytes);
        }
    }
}
