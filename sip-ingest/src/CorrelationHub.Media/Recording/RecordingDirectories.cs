namespace CorrelationHub.Media.Recording;

/// <summary>
/// Creates files in the dated recording folders, making the folder only when the create finds it missing: at
/// hundreds of calls a second, a mkdir and a stat before every file are system calls the disk never needed.
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
        catch (DirectoryNotFoundException)
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
        catch (DirectoryNotFoundException)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllBytes(path, bytes);
        }
    }
}
