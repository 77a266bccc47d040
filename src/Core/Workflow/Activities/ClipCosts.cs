using MusicVideo.Core.Providers;

namespace MusicVideo.Core.Workflow.Activities;

/// <summary>Reads what a clip job cost; a cost that cannot be read is reported as unknown rather than failing the clip.</summary>
static class ClipCosts
{
    public static async Task<decimal?> OfJobAsync(ClipGenerator clips, string jobId, CancellationToken cancellationToken)
    {
        try
        {
            return await clips.CostAsync(jobId, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException)
        {
            return null;
        }
    }
}
