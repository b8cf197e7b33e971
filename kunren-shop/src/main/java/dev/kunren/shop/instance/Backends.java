package dev.kunren.shop.instance;

import dev.kunren.shop.cache.Cache;
import dev.kunren.shop.database.Database;
import dev.kunren.shop.logs.LogBook;
import dev.kunren.shop.network.NetworkRules;
import dev.kunren.shop.payment.PaymentClient;
import dev.kunren.shop.storage.Bucket;
import java.time.InstantSource;

/** What a web instance talks to: the parts of the environment it shares with the others. */
public record Backends(Database database, Cache cache, PaymentClient payment, NetworkRules network,
                       Bucket configBucket, LogBook logs, InstantSource drillClock) {
}
