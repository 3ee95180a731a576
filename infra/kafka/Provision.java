// Applies the Kafka security plan of infra/ in one JVM: SCRAM credentials and ACLs. It signs in
// as admin with PLAIN (a static credential in the broker's configuration), so a broker whose
// data predates SCRAM gets its users too. The plan comes on stdin, one line each:
//   user <name> <password>                      (upserts a SCRAM credential)
//   acl <principal> <TOPIC|GROUP> <name> <op>   (the principal's ACLs become exactly these)
// Run: java -cp "$KAFKA_HOME/libs/*" Provision.java <broker host:port> <SCRAM mechanism>
// with PROVISION_ADMIN_PASSWORD in the environment.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;

public class Provision {
  public static void main(String[] args) throws Exception {
    ScramMechanism mechanism = ScramMechanism.fromMechanismName(args[1]);
    List<UserScramCredentialAlteration> users = new ArrayList<>();
    Map<String, List<AclBinding>> acls = new LinkedHashMap<>();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    for (String line; (line = in.readLine()) != null; ) {
      String[] f = line.trim().split("\\s+");
      if (f[0].equals("user")) {
        users.add(new UserScramCredentialUpsertion(f[1], new ScramCredentialInfo(mechanism, 8192), f[2]));
      } else if (f[0].equals("acl")) {
        ResourcePattern resource =
            new ResourcePattern(ResourceType.fromString(f[2]), f[3], PatternType.LITERAL);
        AccessControlEntry entry =
            new AccessControlEntry(f[1], "*", AclOperation.fromString(f[4]), AclPermissionType.ALLOW);
        acls.computeIfAbsent(f[1], p -> new ArrayList<>()).add(new AclBinding(resource, entry));
      }
    }
    try (Admin admin = Admin.create(config(args[0]))) {
      if (!users.isEmpty()) admin.alterUserScramCredentials(users).all().get();
      for (Map.Entry<String, List<AclBinding>> principal : acls.entrySet()) {
        AclBindingFilter theirs = new AclBindingFilter(ResourcePatternFilter.ANY,
            new AccessControlEntryFilter(principal.getKey(), null, AclOperation.ANY, AclPermissionType.ANY));
        admin.deleteAcls(List.of(theirs)).all().get();
        admin.createAcls(principal.getValue()).all().get();
      }
    }
    System.out.printf("kafka: %d SCRAM users, ACLs of %d principals%n", users.size(), acls.size());
  }

  private static Properties config(String broker) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker);
    props.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
    props.put("sasl.mechanism", "PLAIN");
    props.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required"
        + " username=\"admin\" password=\"" + System.getenv("PROVISION_ADMIN_PASSWORD") + "\";");
    return props;
  }
}
