// Runs after the consumer's build: its dependency tree must hold the natives README.md promises
// and not the generic nd4j-native:linux-x86_64 jar.
def tree = new File(basedir, 'target/dependency-tree.txt').text
println tree
def fail = { String why -> throw new AssertionError(why + "\n" + tree) }
if (tree.contains('org.nd4j:nd4j-native:jar:linux-x86_64:')) fail('the generic 90 MB nd4j-native:linux-x86_64 jar is on the classpath')
['org.nd4j:nd4j-native:jar:1.0.0-M2.1:compile',
 'org.nd4j:nd4j-native:jar:linux-x86_64-onednn-avx512:1.0.0-M2.1:compile',
 'org.nd4j:nd4j-native:jar:linux-x86_64-onednn:1.0.0-M2.1:compile',
 'org.bytedeco:openblas:jar:linux-x86_64:0.3.19-1.5.7:compile',
 'org.nn4j:nn-layers:jar:0.1.0-SNAPSHOT:compile',
 'org.slf4j:slf4j-simple:jar:1.7.36:test'].each { if (!tree.contains(it)) fail('missing from the tree: ' + it) }
// nn4j ships no SLF4J binding: the only one is the consumer's own, in test scope
tree.eachLine { line ->
  if (line =~ /(slf4j-simple|slf4j-nop|slf4j-log4j12|slf4j-reload4j|slf4j-jdk14|logback-classic|log4j-slf4j-impl|log4j-slf4j2-impl).*:(compile|runtime)/) fail('a logging binding reached the consumer: ' + line)
}
// the consumer depends on nn4j exactly as README.md says
def readme = new File(basedir, '../../../../README.md')
def pom = new File(basedir, 'pom.xml').text
def squash = { String t -> t.replaceAll(/\s+/, ' ').trim() }
['LIBRARY', 'CPU BACKEND'].each { name ->
  def m = pom =~ /(?s)<!-- BEGIN ${name} -->(.*?)<!-- END ${name} -->/
  if (!m.find()) fail('no BEGIN/END ' + name + ' block in the consumer pom')
  if (!squash(readme.text).contains(squash(m.group(1)))) fail("README.md does not show the consumer's " + name + ' block:\n' + m.group(1))
}
return true
