namespace MusicVideo.Core.Workflow;

/// <summary>
/// Removes work files a killed process left behind (temp downloads, stitch folders, upload spools, half-written renders).
/// Runs at start-up only while no other process holds the data folder's worker lock, so it never touches live work.
/// </summary>
public static class StaleWorkCleaner
{
    /// <summary>The folder under the temp folder where the HTTP server spools multipart uploads.</summary>
    public const string UploadSpoolFolder = "uploads";

    /// <summary>What one clean-up removed.</summary>
    /// <param name="Entries">Files and folders removed.</param>
    /// <param name="Bytes">Their total size.</param>
    /// <param name="Skipped">True when another process holds the data folder, so nothing was touched.</param>
    public sealed record Result(int Entries, long Bytes, bool Skipped);

    /// <summary>Cleans the temp folder and the local providers' unfinished render files of <paramref name="options"/>' data folder.</summary>
    public static Result Clean(MusicVideoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string lockPath = Path.Combine(options.DataDirectory, "worker.lock");
        FileStream held;
        try
        {
            Directory.CreateDirectory(options.DataDirectory);
            held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return new Result(0, 0, Skipped: true);
        }

        using (held)
        {
            int entries = 0;
            long bytes = 0;
            if (Directory.Exists(options.TempDirectory))
            {
                foreach (var entry in new DirectoryInfo(options.TempDirectory).EnumerateFileSystemInfos())
                {
                    // The spool folder itself stays (the server points ASPNETCORE_TEMP at it); its contents go.
                    if (entry is DirectoryInfo { Name: UploadSpoolFolder } spool)
                    {
                        foreach (var spooled in spool.EnumerateFileSystemInfos())
                        {
                            Remove(spooled, ref entries, ref bytes);
                        }

                        continue;
                    }

                    Remove(entry, ref entries, ref bytes);
                }
            }

            string providers = Path.Combine(options.DataDirectory, "providers");
            if (Directory.Exists(providers))
            {
                foreach (var file in Directory.EnumerateFiles(providers, ".rendering*", SearchOption.AllDirectories))
                {
                    Remove(new FileInfo(file), ref entries, ref bytes);
                }
            }

            return new Result(entries, bytes, Skipped: false);
        }
    }

    static void Remove(FileSystemInfo entry, ref int entries, ref long bytes)
    {
        try
        {
            if (entry is DirectoryInfo dir)
            {
                long size = dir.EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
                dir.Delete(recursive: true);
                bytes += size;
            }
            else
            {
                long size = ((FileInfo)entry).Length;
                entry.Delete();
                bytes += size;
            }

            entries++;
        }
        catch (IOException)
        {
            // Vanished or busy: the next start tries again.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
