using MusicVideo.Core.Providers;

namespace MusicVideo.Core.Workflow.Activities;

/// <summary>Reads what a provider job cost; a cost that cannot be read is reported as unknown rather than failing the clip or image.</summary>
static class ProviderCosts
{
    /// <summary>Runs the provider's cost lookup (a clip's or an image's); a provider error gives null.</summary>
    public static async Task<decimal?> ReadAsync(Func<Task<decimal>> lookup)
    {
        try
        {
            return await lookup().ConfigureAwait(false);
        }
        catch (ProviderException)
        {
            return null;
        }
    }
}
