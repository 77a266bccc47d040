using Microsoft.DurableTask;

namespace MusicVideo.Core.Workflow;

/// <summary>Reads Microsoft.DurableTask failure details the way the workflow needs: the root cause, and whether it is permanent.</summary>
/// <remarks>
/// A failure that crossed a sub-orchestration arrives wrapped (a <see cref="TaskFailedException"/> whose inner failure
/// is the activity's), so both helpers walk the chain of <see cref="TaskFailureDetails.InnerFailure"/>.
/// </remarks>
public static class FailureDetailsExtensions
{
    /// <summary>Returns true when any failure in the chain is a <see cref="PermanentFailureException"/>.</summary>
    public static bool IsPermanent(this TaskFailureDetails failure)
    {
        for (var current = failure; current is not null; current = current.InnerFailure)
        {
            if (current.IsCausedBy<PermanentFailureException>())
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Returns the message of the innermost failure: what went wrong, without the wrapping of each layer.</summary>
    public static string RootCauseMessage(this TaskFailureDetails failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var current = failure;
        while (current.InnerFailure is not null)
        {
            current = current.InnerFailure;
        }

        return current.ErrorMessage;
    }
}
