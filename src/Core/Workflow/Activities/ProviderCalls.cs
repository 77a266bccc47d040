using MusicVideo.Core.Providers;
using Microsoft.DurableTask;

namespace MusicVideo.Core.Workflow.Activities;

/// <summary>Turns provider errors that must not be retried (validation, policy, auth) into non-retriable failures.</summary>
static class ProviderCalls
{
    public static Task GuardAsync(Func<Task> call) => GuardAsync(async () =>
    {
        await call();
        return true;
    });

    public static async Task<T> GuardAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ProviderException ex) when (!ex.IsRetriable)
        {
            throw new PermanentFailureException(ex.Message, ex);
        }
        catch (ArgumentException ex)
        {
            throw new PermanentFailureException(ex.Message, ex);
        }
    }
}
