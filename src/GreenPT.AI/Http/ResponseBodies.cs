namespace GreenPT.AI.Http;

/// <summary>
/// Opens response bodies so that every read of them is bounded by the token it is given, on every HTTP stack the package runs on.
/// </summary>
/// <remarks>
/// On .NET 8 and later the handlers honour a read's token, and the body stream is returned as it is. On netstandard2.0 (.NET
/// Framework's <see cref="HttpClientHandler"/>, Mono's HttpWebRequest-based handler) they may not, so the body is wrapped in an
/// <see cref="AbortOnCancelStream"/>, and opening it is bounded the same way.
/// </remarks>
internal static class ResponseBodies
{
    /// <summary>Opens <paramref name="content"/>; when a token fires during a read, <paramref name="owner"/> (the response) is disposed.</summary>
    public static Task<Stream> OpenAsync(HttpContent content, IDisposable owner, CancellationToken cancellationToken)
    {
#if NET
        _ = owner;
        return content.ReadAsStreamAsync(cancellationToken); // as before: .NET's handlers honour the token
#else
        return OpenBoundedAsync(content, owner, cancellationToken);
#endif
    }

#if !NET
    private static async Task<Stream> OpenBoundedAsync(HttpContent content, IDisposable owner, CancellationToken cancellationToken)
    {
        Task<Stream> opening = content.ReadAsStreamAsync();
        if (!opening.IsCompleted && cancellationToken.CanBeCanceled)
        {
            var fired = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(static state => ((TaskCompletionSource<bool>)state!).TrySetResult(true), fired))
            {
                if (await Task.WhenAny(opening, fired.Task).ConfigureAwait(false) != opening)
                {
                    owner.Dispose();
                    _ = opening.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                    throw new OperationCanceledException(cancellationToken);
                }
            }
        }

        Stream stream = await opening.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return new AbortOnCancelStream(stream, owner);
    }
#endif
}
