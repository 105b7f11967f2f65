import TicketStore

/// Stored tickets exactly as Kapture sent them (what `slareport raw` prints).
public enum RawTicketsJob {
    /// The raw JSON of each of `ticketIds` that the store holds, in order, and the ids it does not hold.
    public static func read(_ ticketIds: [String], storePath: String) throws(PipelineError)
        -> (found: [String], missing: [String])
    {
        do {
            let store = try TicketStores.open(storePath, readOnly: true)
            var found: [String] = []
            var missing: [String] = []
            for id in ticketIds {
                if let json = try store.rawJSON(ticketId: id) { found.append(json) } else { missing.append(id) }
            }
            return (found, missing)
        } catch let e as TicketStoreError {
            throw .store(e)
        } catch {
            throw .unexpected(error)
        }
    }
}
