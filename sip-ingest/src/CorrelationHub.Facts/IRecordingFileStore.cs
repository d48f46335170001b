namespace CorrelationHub.Facts;

/// <summary>
/// Where finished recordings live, by the relative path a fact names (<see cref="RecordingFact.AudioFile"/>). The web
/// host plays and deletes audio only through this, so the files may sit with another process or on shared storage.
/// </summary>
public interface IRecordingFileStore
{
    /// <summary>Opens a finished file for reading (seekable), or null when it is not there or the path leaves the store.</summary>
    Stream? OpenRead(string audioFile);

    /// <summary>
    /// Deletes a file. True when it is gone (or never was); throws <see cref="IOException"/> or
    /// <see cref="UnauthorizedAccessException"/> when it could not be deleted now.
    /// </summary>
    bool Delete(string audioFile);
}
